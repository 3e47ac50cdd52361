// Go modules: `go` commands, go.mod/go.sum before `go mod download`, the binary on distroless, scratch or slim.
import { describe, expect, it } from 'vitest';
import { go } from '../../../src/analyze/ecosystems/go.ts';
import { splitDecision } from '../../../src/analyze/split.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary } from './helpers.ts';

const CONTEXT = { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'go.sum': '', 'main.go': 'package main\n' };

describe('classify', () => {
  it.each([
    ['go mod download', { role: 'dep-install', readsSources: false }],
    ['go mod tidy', { role: 'dep-install', readsSources: true }],
    ['go mod vendor', { role: 'dep-install', readsSources: true }],
    ['go get github.com/lib/pq@v1.10.9', { role: 'dep-install', readsSources: true }],
    ['CGO_ENABLED=0 go build -ldflags "-s -w" -o /out/server ./cmd/server', { role: 'build', output: '/out/server' }],
    ['go build -o bin/app .', { role: 'build', output: '/app/bin/app' }],
    ['go build ./...', { role: 'build' }],
    ['go install ./cmd/tool', { role: 'build', output: '/go/bin/' }],
    ['go generate ./...', { role: 'build' }],
    ['go test -race ./...', { role: 'test' }],
    ['go vet ./...', { role: 'test' }],
    ['go version', { role: 'neutral' }],
    ['/usr/local/go/bin/go env GOPATH', { role: 'neutral' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(go, shell))).toEqual(expected);
  });

  it.each(['gofmt -l .', 'cargo build --release', 'npm ci', 'make build', 'apt-get install -y golang'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(go, shell)).toBeNull();
  });
});

describe('detect', () => {
  it.each([
    ['a go build', dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .'), 'go', 'go'],
    ['go on a plain Debian image', dockerfile('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y golang', 'RUN go build -o /app .'), 'go', 'go'],
    // Go is asked first: the npm run that builds front-end assets does not make it a Node image.
    ['go before npm', dockerfile('FROM golang:1.22', 'RUN npm ci && npm run build', 'RUN go build -o /app .'), 'go', 'go'],
    // A version check is no evidence; the official golang image alone is not either.
    ['only `go version`', dockerfile('FROM golang:1.22', 'RUN go version', 'RUN pip install flask'), 'python', 'pip'],
    ['golang image, nothing run', dockerfile('FROM golang:1.22', 'COPY app /app', 'CMD ["/app"]'), undefined, null],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
    expect(go.detect(facts)).toBe(id === 'go' ? 'go' : null);
  });
});

describe('manifests', () => {
  const stage = (install: string): string => dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', `RUN ${install}`, 'RUN go build -o /app .');

  it.each([
    ['no context: go.sum as a glob that cannot fail', 'go mod download', undefined, ['go.mod', 'go.sum*']],
    ['go.mod and go.sum', 'go mod download', CONTEXT, ['go.mod', 'go.sum']],
    ['no go.sum yet', 'go mod download', { 'go.mod': 'module x\n', 'main.go': '' }, ['go.mod']],
    ['no go.mod', 'go mod download', { 'main.go': '' }, { skip: 'no go.mod in the build context' }],
    ['a replace with a local folder: copied too', 'go mod download', { 'go.mod': 'module x\n\nreplace example.com/lib => ./lib\n', 'lib/go.mod': 'module example.com/lib\n' }, ['go.mod', 'lib/']],
    ['a replace block with a sibling folder outside the context', 'go mod download', { 'go.mod': 'module x\n\nreplace (\n\texample.com/lib => ../lib\n)\n' }, { skip: 'go.mod names ../lib, outside what this build can copy before the install' }],
    ['go mod tidy reads the sources', 'go mod tidy', CONTEXT, { skip: expect.stringContaining('read the sources') }],
    ['go get reads the sources', 'go get example.com/lib', undefined, { skip: expect.stringContaining('read the sources') }],
  ])('%s', (_name, install, files, expected) => {
    expect(manifestsOf(go, stage(install), files)).toEqual(expected);
  });
});

describe('plan', () => {
  const app = (build: string, cmd: string, from = 'golang:1.22', extra: string[] = []): string =>
    dockerfile(`FROM ${from}`, ...extra, 'WORKDIR /src', 'COPY . .', 'RUN go mod download', `RUN ${build}`, cmd);

  it.each<[string, string, Record<string, string> | undefined, Options, { image: string; handover: string[]; packages: string[]; note: string }]>([
    ['CGO off: distroless static', app('CGO_ENABLED=0 go build -o /out/app .', 'CMD ["/out/app"]'), CONTEXT, {},
      { image: 'gcr.io/distroless/static-debian12:nonroot', handover: ['/out/app'], packages: [], note: '' }],
    ['cgo possible: distroless base (glibc)', app('go build -o /out/app .', 'CMD ["/out/app"]'), CONTEXT, {},
      { image: 'gcr.io/distroless/base-debian12:nonroot', handover: ['/out/app'], packages: [], note: '' }],
    ['shell-form CMD: Debian slim with CA certificates', app('go build -o /out/app .', 'CMD /out/app'), CONTEXT, {},
      { image: 'debian:bookworm-slim', handover: ['/out/app'], packages: ['ca-certificates'], note: '' }],
    ['no context: the app folder may hold assets', app('CGO_ENABLED=0 go build -o /out/app .', 'CMD ["/out/app"]'), undefined, {},
      { image: 'gcr.io/distroless/static-debian12:nonroot', handover: ['/out/app', '/src'], packages: [], note: '' }],
    ['assets next to the sources come along', app('CGO_ENABLED=0 go build -o /out/app .', 'CMD ["/out/app"]'), { ...CONTEXT, 'templates/index.html': '' }, {},
      { image: 'gcr.io/distroless/static-debian12:nonroot', handover: ['/out/app', '/src/templates'], packages: [], note: '' }],
    ['a runtime library keeps a package manager', app('go build -o /out/app .', 'CMD ["/out/app"]', 'golang:1.22', ['RUN apt-get update && apt-get install -y libsqlite3-dev']), CONTEXT, {},
      { image: 'debian:bookworm-slim', handover: ['/out/app'], packages: ['ca-certificates', 'libsqlite3-0'], note: '' }],
    ['alpine builder: plain Alpine', app('go build -o /out/app .', 'CMD ["/out/app"]', 'golang:1.22-alpine3.19'), CONTEXT, {},
      { image: 'alpine:3.19', handover: ['/out/app'], packages: [], note: '' }],
    ['--runtime-base scratch: the binary and the CA bundle', app('go build -o /out/app .', 'CMD ["/out/app"]', 'golang:1.22', ['ENV CGO_ENABLED=0']), CONTEXT, { runtimeBase: 'scratch' },
      { image: 'scratch', handover: ['/etc/ssl/certs/ca-certificates.crt', '/out/app'], packages: [], note: '' }],
    ['--runtime-base scratch with a shell-form CMD', app('CGO_ENABLED=0 go build -o /out/app .', 'CMD /out/app'), CONTEXT, { runtimeBase: 'scratch' },
      { image: 'debian:bookworm-slim', handover: ['/out/app'], packages: ['ca-certificates'], note: '--runtime-base scratch not used: the CMD/ENTRYPOINT needs a shell' }],
    ['--runtime-base scratch for a cgo binary', app('go build -o /out/app .', 'CMD ["/out/app"]'), CONTEXT, { runtimeBase: 'scratch' },
      // A policy that cannot be followed keeps the ecosystem's own choice (distroless), with the reason.
      { image: 'gcr.io/distroless/base-debian12:nonroot', handover: ['/out/app'], packages: [], note: '--runtime-base scratch not used: the binary needs a C library' }],
    ['--runtime-base alpine on a glibc build', app('go build -o /out/app .', 'CMD ["/out/app"]'), CONTEXT, { runtimeBase: 'alpine' },
      { image: 'gcr.io/distroless/base-debian12:nonroot', handover: ['/out/app'], packages: [], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
    ['--runtime-base slim', app('CGO_ENABLED=0 go build -o /out/app .', 'CMD ["/out/app"]'), CONTEXT, { runtimeBase: 'slim' },
      { image: 'debian:bookworm-slim', handover: ['/out/app'], packages: ['ca-certificates'], note: '' }],
    ['--runtime-base distroless, asked', app('go build -o /out/app .', 'CMD ["/out/app"]'), CONTEXT, { runtimeBase: 'distroless' },
      { image: 'gcr.io/distroless/base-debian12:nonroot', handover: ['/out/app'], packages: [], note: '' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = go.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: plan.handover, packages: plan.runtimePackages, note: plan.policyNote }).toEqual(expected);
  });

  it('`go install` hands over /go/bin, and the split puts it on PATH as the golang image did', () => {
    const facts = factsOf(app('go install ./cmd/app', 'CMD ["app"]'), CONTEXT);
    expect(go.plan(facts, { runtimeBase: 'slim' })).toMatchObject({ handover: ['/go/bin'], runtimeEnv: [] });
    const decision = splitDecision(facts, { runtimeBase: 'slim' });
    if (!('plan' in decision)) expect.fail(JSON.stringify(decision));
    expect(decision.plan.imageEnv).toEqual([{ name: 'PATH', value: '/go/bin:$PATH', why: '/go/bin holds handed-over programs' }]);
  });

  it.each([
    ['nothing is built', dockerfile('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'CMD ["go", "version"]'), 'no `go build` to split off'],
    ['not the official image', app('go build -o /out/app .', 'CMD ["/out/app"]', 'example.com/go:1.22'), 'no runtime image known for `example.com/go:1.22`'],
    ['a package list this tool cannot read', app('go build -o /out/app .', 'CMD ["/out/app"]', 'golang:1.22', ['RUN apt-get update && apt-get install -y $PKGS']), expect.stringContaining('cannot tell which packages `$PKGS`')],
  ])('skips: %s', (_name, text, skip) => {
    expect(go.plan(factsOf(text, CONTEXT), {})).toEqual({ skip });
  });

  it.each([
    // Its library is not known: the -dev package, which depends on it, is kept whole.
    ['a -dev package without a known library', app('go build -o /out/app .', 'CMD ["/out/app"]', 'golang:1.22', ['RUN apt-get update && apt-get install -y libfoo-dev']), ['libfoo-dev']],
  ])('keeps: %s', (_name, text, packages) => {
    expect(go.plan(factsOf(text, CONTEXT), {})).toMatchObject({ runtimePackages: expect.arrayContaining(packages) });
  });

  // `go run` at start: the builder builds the same package with the same flags; the runtime starts the binary
  // with the start command's own arguments, in the same form.
  const run = (cmd: string, ...before: string[]): string => dockerfile('FROM golang:1.22', 'WORKDIR /app', 'COPY . .', ...before, cmd);
  it.each<[string, string, { build: string; start: string; image: string }]>([
    ['exec form, the app folder', run('CMD ["go", "run", ".", "-port", "8080"]'),
      { build: 'RUN go build -o /usr/local/bin/app .', start: 'CMD ["/usr/local/bin/app", "-port", "8080"]', image: 'gcr.io/distroless/base-debian12:nonroot' }],
    ['a command folder and build flags', run('ENTRYPOINT ["go", "run", "-tags", "prod", "-ldflags", "-s -w", "./cmd/server"]'),
      { build: "RUN go build -tags prod -ldflags '-s -w' -o /usr/local/bin/server ./cmd/server", start: 'ENTRYPOINT ["/usr/local/bin/server"]', image: 'gcr.io/distroless/base-debian12:nonroot' }],
    ['files named, shell form with a variable argument', run('CMD go run main.go util.go --port $PORT', 'ENV CGO_ENABLED=0'),
      { build: 'RUN go build -o /usr/local/bin/main main.go util.go', start: 'CMD /usr/local/bin/main --port $PORT', image: 'debian:bookworm-slim' }],
    ['sh -c in exec form', run('CMD ["sh", "-c", "exec go run . --name=$NAME"]'),
      { build: 'RUN go build -o /usr/local/bin/app .', start: 'CMD ["sh", "-c", "exec /usr/local/bin/app --name=$NAME"]', image: 'debian:bookworm-slim' }],
  ])('go run: %s', (_name, text, expected) => {
    const plan = go.plan(factsOf(text, CONTEXT), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ build: plan.builderAfter.flatMap((b) => b.lines).join('\n'), start: plan.startCommand?.line, image: plan.runtime.image }).toEqual(expected);
    expect(plan.handover).toContain(expected.build.split(' -o ')[1].split(' ')[0]);
  });

  it.each([
    ['the package from a variable', run('CMD go run $PKG'), '`go run` takes its package or flags from variables set at start'],
    ['-exec', run('CMD ["go", "run", "-exec", "wrapper", "."]'), '`go run -exec` starts the program through another command'],
    ['an unprivileged user before the build point', run('CMD ["go", "run", "."]', 'USER nobody', 'RUN true'), 'the start runs as `nobody`, who may not write the built artifact'],
    ['go test at start', run('CMD ["go", "test", "./..."]', 'RUN go build -o /out/app .'), 'the CMD runs the Go toolchain (`go test`/`go generate`), which the runtime would lack'],
  ])('go run skips: %s', (_name, text, skip) => {
    expect(go.plan(factsOf(text, CONTEXT), {})).toEqual({ skip });
  });
});

describe('test commands (--test-stage moves them)', () => {
  it.each(['go test ./...', 'go test -race -count=1 ./...', 'go vet ./...'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(go, shell))?.role).toBe('test');
  });
});
