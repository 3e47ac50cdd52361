// Go modules. Manifests: go.mod (+ go.sum). The runtime gets the binary: distroless static for
// CGO_ENABLED=0, distroless base (glibc) when cgo is possible, debian slim when the CMD needs a shell.
import { msg } from '../../messages.ts';
import { resolvePath } from '../../model/paths.ts';
import { baseName, optionValue, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Outcome, SplitPlan } from '../contract.ts';
import { crossToolchain, usesBuildOutput } from '../cross.ts';
import { toolStart } from '../entry.ts';
import { builtStart, shellWord } from '../toolchain-start.ts';
import { appHandover, type AppHandover, type KeptOut } from '../handover.ts';
import { isOfficial } from '../images.ts';
import { contextPaths } from '../local-refs.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { runtimeBase } from '../runtime-base.ts';
import { runsTool } from '../runtime-needs.ts';

// Files in a Go context that the binary does not read at run time.
const NOT_ASSETS = /^(.*\.go|go\.(mod|sum|work|work\.sum)|vendor\/|\.[^/]*|Dockerfile.*|.*\.dockerfile|Makefile|README.*|LICEN[CS]E.*|CHANGELOG.*|.*\.md|docs?\/|.*_test\.go|testdata\/|scripts?\/|cmd\/|internal\/|pkg\/|api\/|hack\/|build\/|deploy(ments)?\/|charts?\/|\.github\/)$/i;

function classify(cmd: Command, ctx: { workdir: string | null }): Classified | null {
  if (cmd.base !== 'go') return null;
  const [sub, sub2] = positional(cmd.args, ['-o', '-ldflags', '-tags', '-gcflags', '-mod', '-trimpath', '-p']);
  switch (sub) {
    case 'mod':
      return { command: cmd, role: 'dep-install', readsSources: sub2 === 'tidy' || sub2 === 'vendor' };
    case 'get':
      return { command: cmd, role: 'dep-install', readsSources: true };
    case 'build': {
      const out = optionValue(cmd.args, ['-o']);
      return { command: cmd, role: 'build', output: out ? (resolvePath(out, ctx.workdir) ?? undefined) : undefined };
    }
    case 'install':
      return { command: cmd, role: 'build', output: '/go/bin/' };
    case 'generate':
      return { command: cmd, role: 'build' };
    case 'test':
    case 'vet':
      return { command: cmd, role: 'test' };
    case 'env':
    case 'version':
      return { command: cmd, role: 'neutral' };
    default:
      return null;
  }
}

function detect(facts: Facts): string | null {
  return runsTool(facts.runs, 'go') || goRun(facts) ? 'go' : null;
}

// `go run` flags that take a value (the rest are switches); -exec changes how the program is started.
const RUN_VALUE_FLAGS = new Set(['-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-overlay', '-pgo', '-p', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix', '-pkgdir', '-toolexec', '-covermode', '-coverpkg']);

/** The start command's `go run [flags] <package | files.go…>`: its build flags, package and word count. */
function goRun(facts: Facts): { start: NonNullable<ReturnType<typeof toolStart>>; flags: string[]; pkg: string[]; count: number } | { skip: string } | null {
  const start = toolStart(facts.entry, (n) => n === 'go');
  if (!start || start.words[1] !== 'run') return null;
  const w = start.words;
  const flags: string[] = [];
  let k = 2;
  for (; k < w.length && w[k].startsWith('-'); k++) {
    const name = w[k].replace(/^--?/, '-').split('=')[0];
    if (name === '-exec') return { skip: '`go run -exec` starts the program through another command' };
    flags.push(w[k]);
    if (RUN_VALUE_FLAGS.has(name) && !w[k].includes('=')) flags.push(w[++k] ?? '');
  }
  const pkg: string[] = [];
  while (k < w.length && w[k].endsWith('.go')) pkg.push(w[k++]);
  if (pkg.length === 0 && k < w.length) pkg.push(w[k++]);
  if (pkg.length === 0) return { skip: '`go run` without a package' };
  if ([...flags, ...pkg].some((x) => x.includes('$') || x.includes('`'))) return { skip: '`go run` takes its package or flags from variables set at start' };
  return { start, flags, pkg, count: k };
}

/** The binary's name: the package's folder (`./cmd/server` → server), the file (`main.go` → main), else the app folder. */
function binaryName(pkg: readonly string[], workdir: string | null): string {
  const first = pkg[0].replace(/\/+$/, '');
  const raw = first.endsWith('.go') ? first.slice(first.lastIndexOf('/') + 1, -3) : first === '.' || first === '' ? (workdir ?? '/app').split('/').filter(Boolean).pop() ?? 'app' : first.slice(first.lastIndexOf('/') + 1);
  const name = raw.replace(/[^\w.-]/g, '');
  return name && name !== '.' && name !== '..' ? name : 'app';
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  if (install.readsSources) return { skip: '`go mod tidy`/`go get` read the sources' };
  if (!facts.project.known) return ['go.mod', 'go.sum*'];
  const mod = facts.project.read('go.mod');
  if (mod === undefined) return { skip: 'no go.mod in the build context' };
  // `replace example.com/x => ./x` (one line or in a block): the local module is needed to download the rest.
  const replaced = [...mod.matchAll(/=>\s*(\.{1,2}\/[^\s)]*)/g)].map((m) => m[1]);
  const local = contextPaths(facts.project, 'go.mod', replaced);
  if ('skip' in local) return local;
  const work = facts.project.exists('go.work') ? ['go.work', ...(facts.project.exists('go.work.sum') ? ['go.work.sum'] : [])] : [];
  if (work.length) return { skip: 'go.work lists workspace modules, which are not copied yet' };
  return ['go.mod', ...(facts.project.exists('go.sum') ? ['go.sum'] : []), ...local];
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const builds = facts.runs.flatMap((r) => r.commands.filter((c) => c.role === 'build' && c.command.base === 'go'));
  // `go run` at start: the builder builds the same package with the same flags, the runtime starts the binary.
  const run = goRun(facts);
  if (run && 'skip' in run) return run;
  if (builds.length === 0 && !run) return { skip: 'no `go build` to split off' };
  if (facts.entry.words.some((w, k, all) => w === 'go' && /^(test|generate)$/.test(all[k + 1] ?? ''))) return { skip: 'the CMD runs the Go toolchain (`go test`/`go generate`), which the runtime would lack' };
  let started: Pick<SplitPlan, 'builderAfter' | 'startCommand'> | null = null;
  let runOutput: string | null = null;
  if (run) {
    runOutput = `/usr/local/bin/${binaryName(run.pkg, facts.workdir)}`;
    // Assignments before `go run` (CGO_ENABLED=0) steer the build the same way.
    const env = Object.entries(run.start.env ?? {}).map(([k, v]) => `${k}=${shellWord(v)}`);
    const build = [...env, ...['go', 'build', ...run.flags, '-o', runOutput, ...run.pkg].map(shellWord)].join(' ');
    const made = builtStart(facts, run.start, { count: run.count, build, artifact: [runOutput], tool: 'Go' });
    if ('skip' in made) return made;
    started = made;
  }
  const cgoOff = facts.env.get('CGO_ENABLED') === '0' || (run ? run.start.env?.CGO_ENABLED === '0' && builds.length === 0 : builds.every((b) => b.command.env.CGO_ENABLED === '0'));
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const tools = toolsNeeded(facts.entry);
  const extra = [...pkgs.packages.filter((p) => p !== 'ca-certificates' && p !== 'tzdata'), ...tools];
  if (!isOfficial(base, 'golang') || base.dynamic) return { skip: `no runtime image known for \`${base.raw}\`` };
  // The smallest image that runs the binary, unless the user asks for another: distroless (static without cgo).
  const choice = runtimeBase(base, cgoOff ? 'static' : 'native', options.runtimeBase, {
    shell: facts.entry.needsShell,
    packages: extra.length > 0,
    libstdcxx: false,
    fallback: 'distroless',
  });
  if ('skip' in choice) return choice;
  const runtime = choice;
  const why =
    runtime.distro === 'alpine'
      ? 'the binary runs on plain Alpine, without the Go toolchain'
      : runtime.distro === 'scratch'
        ? 'a static binary (CGO_ENABLED=0) needs nothing but itself and the CA certificates'
        : runtime.distro === 'debian'
          ? facts.entry.shellForm
            ? 'the binary without the Go toolchain (a shell is kept: CMD/ENTRYPOINT use shell form)'
            : 'the binary without the Go toolchain'
          : cgoOff
            ? 'a static binary (CGO_ENABLED=0) needs no libc'
            : 'the binary may use cgo, so the runtime keeps glibc';
  const outputs = [...builds.map((b) => b.output), ...(runOutput ? [runOutput] : [])];
  const handover: string[] = [];
  const appDir = facts.appDir;
  const needsApp = outputs.some((o) => !o || (appDir !== null && o.startsWith(appDir + '/'))) || hasAssets(facts);
  for (const o of outputs) if (o && !(needsApp && appDir && o.startsWith(appDir + '/'))) handover.push(o.replace(/\/$/, ''));
  let share: AppHandover | null = null;
  if (needsApp) {
    if (!appDir) return { skip: 'the binary or its files live in an unknown folder (no WORKDIR)' };
    // The app folder without what the binary was compiled from: the binary (when built there) and the files it reads.
    const built = outputs.filter((o): o is string => !!o && o.startsWith(appDir + '/')).map((o) => `${o.slice(appDir.length + 1).split('/')[0]}${o.slice(appDir.length + 1).includes('/') ? '/' : ''}`);
    share = appHandover(facts, { written: built, compiled: goSources(facts), unknown: outputs.some((o) => !o) ? '`go build` without -o writes a binary named after the module' : undefined });
    handover.push(...share.paths);
  }
  // debian slim lacks the CA certificates the golang image had (distroless and alpine carry them); scratch gets
  // the builder's bundle at the same path.
  const sysPkgs = runtime.distro === 'alpine' ? [...pkgs.packages, ...tools] : runtime.distro === 'debian' ? [...new Set(['ca-certificates', ...extra])] : [];
  // scratch has nothing: the CA bundle at the path Go's TLS reads, and the toolchain's zone database when the
  // app loads time zones (distroless and Alpine images have tzdata of their own, or the app embeds time/tzdata).
  const zones = runtime.distro === 'scratch' && loadsZones(facts);
  if (runtime.distro === 'scratch') handover.unshift(CA_BUNDLE, ...(zones ? [GO_ZONEINFO] : []));
  return {
    runtime,
    policyNote: choice.note,
    why,
    builtFrom: 'compiled into the binary',
    builderBefore: [],
    builderAfter: started?.builderAfter ?? [],
    ...(started?.startCommand ? { startCommand: started.startCommand } : {}),
    handover: [...new Set(handover)],
    handoverFiles: share?.files ?? [],
    keptOut: share?.keptOut ?? [],
    ...(share?.whole ? { wholeFolder: share.whole } : {}),
    // `go install` puts the binary in /go/bin: the golang image's PATH entry comes along (base-images.ts).
    runtimeEnv: zones ? [`ENV ZONEINFO=${GO_ZONEINFO}`] : [],
    ...(zones ? { runtimeEnvReason: msg('split-zoneinfo', { path: GO_ZONEINFO }) } : {}),
    runtimePackages: sysPkgs,
  };
}

/** Entries of the context that only the compiler reads: Go sources, module files, and folders of Go sources only. */
function goSources(facts: Facts): KeptOut[] {
  const out: KeptOut[] = [];
  for (const name of facts.project.list('')) {
    const compiled = /\.go$|^go\.(mod|sum|work|work\.sum)$|^vendor\/$/.test(name) || (name.endsWith('/') && onlyGo(facts, name.slice(0, -1)));
    if (compiled) out.push({ entry: name, why: 'compiled into the binary' });
  }
  return out;
}

/** A folder holding Go sources (and their test data) only, up to 2,000 entries. */
function onlyGo(facts: Facts, dir: string): boolean {
  let seen = 0;
  const walk = (d: string): boolean =>
    facts.project.list(d).every((n) => ++seen <= 2000 && (n.endsWith('/') ? (n === 'testdata/' || walk(`${d}/${n.slice(0, -1)}`)) : /\.(go|s|c|h)$/.test(n)));
  return facts.project.list(dir).length > 0 && walk(dir);
}

/** Does the app folder hold files the binary may read (templates, static, config)? Unknown context: yes. */
function hasAssets(facts: Facts): boolean {
  if (!facts.project.known) return true;
  return facts.project.list('').some((name) => !NOT_ASSETS.test(name));
}

/** The zone database every Go toolchain ships; Go reads it when ZONEINFO names it. */
const GO_ZONEINFO = '/usr/local/go/lib/time/zoneinfo.zip';

/**
 * Does the app load time zones (`time.LoadLocation`, `TZ` set) without embedding them (`time/tzdata`)? Go
 * files are read down to three folders deep; without a context, only `TZ` tells.
 */
function loadsZones(facts: Facts): boolean {
  if (facts.env.has('TZ')) return true;
  let loads = false;
  const walk = (dir: string, depth: number): boolean => {
    for (const name of facts.project.list(dir)) {
      const path = dir ? `${dir}/${name}` : name;
      if (name.endsWith('/')) {
        if (depth < 3 && !/^(vendor|\.git|testdata)\/$/.test(name) && walk(path.slice(0, -1), depth + 1)) return true;
      } else if (name.endsWith('.go') && !name.endsWith('_test.go')) {
        const text = facts.project.read(path) ?? '';
        if (/"time\/tzdata"/.test(text)) return true; // embedded: nothing to copy
        loads ||= /\btime\.LoadLocation\b/.test(text);
      }
    }
    return false;
  };
  return !walk('', 0) && loads;
}

/** Where Debian (the golang images) keeps the CA bundle Go's TLS reads. */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const GO_CACHE: CacheTool = {
  name: 'go',
  uses: (c) => c.base === 'go' && ['build', 'install', 'test', 'mod', 'get', 'run', 'generate', 'vet', 'list'].includes(positional(c.args)[0] ?? ''),
  targets: [{ path: '/go/pkg/mod' }, { path: '/root/.cache/go-build' }],
  defeats: (c) =>
    c.base === 'go' && positional(c.args)[0] === 'clean' && c.args.some((a) => a === '-modcache' || a === '-cache') ? '`go clean` empties it' : null,
  env: /^(GOPATH|GOMODCACHE|GOCACHE)$/,
  // /go is GOPATH in the official images only; elsewhere it is $HOME/go.
  unsure: (f) => (isOfficial(f.base, 'golang') ? null : `the base image ${f.base.raw} is not golang, so its module cache folder is unknown`),
};

/**
 * `--cross-platform`: `go build` compiles for the target with GOOS/GOARCH from the platform ARGs. cgo needs a C
 * compiler for the target, so a build that may use cgo goes cross only when a cross toolchain is installed.
 * `go install` is refused: for another platform it writes to bin/<os>_<arch>, a path that moves with the target.
 */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const runs = facts.runs.filter((r) => r.commands.some((c) => c.command.base === 'go' && c.role === 'build'));
  const builds = runs.flatMap((r) => r.commands.filter((c) => c.command.base === 'go' && c.role === 'build').map((c) => ({ run: r, command: c })));
  if (builds.length === 0) return { skip: 'no `go build` to target another platform' };
  const sub = (c: CommandFacts): string => positional(c.command.args, ['-o', '-ldflags', '-tags', '-gcflags', '-mod', '-trimpath', '-p'])[0] ?? '';
  const install = builds.find((b) => sub(b.command) === 'install');
  if (install) return { skip: `\`go install\` at line ${install.run.ins.line} puts a binary for another platform under bin/<os>_<arch>` };
  const own = builds.find((b) => 'GOOS' in b.command.command.env || 'GOARCH' in b.command.command.env) ?? (facts.env.has('GOOS') || facts.env.has('GOARCH') ? builds[0] : undefined);
  if (own) return { skip: `the build at line ${own.run.ins.line} names its own GOOS/GOARCH` };
  // What `go build -o` wrote, by path and by name (a binary put on the PATH is run by its name).
  const outputs = builds.flatMap((b) => optionValue(b.command.command.args, ['-o']) ?? []);
  const first = builds[0];
  const dir = first.run.workdir;
  const isOutput = (name: string): boolean => outputs.some((o) => o === name || (name.includes('/') ? resolvePath(name, dir) === resolvePath(o, dir) : baseName(o) === name && o.startsWith('/')));
  const reader = usesBuildOutput(facts, first.run, first.run.commands.indexOf(first.command), isOutput);
  if (reader) return { skip: `\`${reader.command.name}\` after the build would read or run a binary built for another platform` };
  const cgoOff = facts.env.get('CGO_ENABLED') === '0' || builds.every((b) => b.command.command.env.CGO_ENABLED === '0');
  const toolchain = crossToolchain(facts);
  if (!cgoOff && !toolchain) return { skip: 'the build may use cgo (CGO_ENABLED is not 0) and no C cross toolchain is installed (crossbuild-essential-<arch>, gcc-<arch>-linux-gnu or xx): set CGO_ENABLED=0 or install one' };
  return {
    // Go turns cgo off by default when it cross-compiles: with a cross toolchain it stays on, as in a native build.
    // `go generate` keeps running the build machine's programs: only the compiles get the target.
    inserts: builds.filter((b) => sub(b.command) === 'build').map((b) => ({ run: b.run, command: b.command, where: 'before' as const, text: `${cgoOff || 'CGO_ENABLED' in b.command.command.env ? '' : 'CGO_ENABLED=1 '}GOOS=$TARGETOS GOARCH=$TARGETARCH ` })),
    args: ['TARGETOS', 'TARGETARCH'],
    how: `\`go build\` compiles for $TARGETOS/$TARGETARCH${cgoOff ? '' : ` (cgo with the cross toolchain ${toolchain})`}`,
  };
}

export const go: Ecosystem = {
  id: 'go',
  classify,
  commands: /^go$/,
  detect,
  manifests,
  plan,
  caches: [GO_CACHE],
  crossBuild,
  buildEnv: /^(CGO_ENABLED|GOOS|GOARCH|GOAMD64|GOARM|GOFLAGS|GOPROXY|GOPRIVATE|GONOSUMDB|GOSUMDB|GOCACHE|GO111MODULE)$/,
  buildPackages: ['golang', 'go'],
};
