// The runtime contract (issue 14): the final image starts the same way, on the image the user asked for.
// Tables of variants per family: base-image knowledge, the start-up invariant, ENV the runtime carries,
// secrets, Windows and ONBUILD images, comment lines inside continuations, the policies.
import { describe, expect, it } from 'vitest';
import { baseImage, carriedEnv } from '../src/analyze/base-images.ts';
import { parseImage } from '../src/analyze/images.ts';
import { projectFromFiles } from '../src/analyze/project.ts';
import { startupProblems } from '../src/analyze/startup.ts';
import { convert } from '../src/convert.ts';
import { parse } from '../src/model/parse.ts';
import type { RuntimeBasePolicy } from '../src/options.ts';
import { verify } from '../src/pipeline/verify.ts';

/** The final stage's text (the runtime stage of a split). */
const runtimeOf = (output: string): string => output.slice(output.lastIndexOf('\nFROM ') + 1);

describe('base images as data', () => {
  // [image, family, shell, a user it has, a tool it has, a tool it lacks, PATH entry]
  const TABLE: [string, string, boolean, string, string, string, string][] = [
    ['node:20', 'node', true, 'node', 'curl', 'cargo', '/usr/local/bin'],
    ['node:20-slim', 'node', true, 'node', 'npm', 'curl', '/usr/local/bin'],
    ['node:20-alpine', 'node', true, 'node', 'wget', 'curl', '/usr/local/bin'],
    ['python:3.12-slim', 'python', true, 'www-data', 'pip', 'curl', '/usr/local/bin'],
    ['golang:1.22', 'golang', true, 'nobody', 'go', 'cargo', '/usr/local/go/bin'],
    ['golang:1.22-alpine3.19', 'golang', true, 'nobody', 'go', 'curl', '/go/bin'],
    ['rust:1.75', 'rust', true, 'nobody', 'cargo', 'node', '/usr/local/cargo/bin'],
    ['eclipse-temurin:17-jre', 'eclipse-temurin', true, 'nobody', 'java', 'javac', '/opt/java/openjdk/bin'],
    ['maven:3.9-eclipse-temurin-17', 'eclipse-temurin', true, 'nobody', 'mvn', 'node', '/opt/java/openjdk/bin'],
    ['ruby:3.3-slim', 'ruby', true, 'nobody', 'bundle', 'curl', '/usr/local/bundle/bin'],
    ['php:8.3-fpm-alpine', 'php', true, 'www-data', 'php', 'curl', '/usr/local/bin'],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', 'dotnet', true, 'app', 'dotnet', 'curl', '/usr/bin'],
    ['mcr.microsoft.com/dotnet/sdk:8.0', 'dotnet', true, 'app', 'curl', 'node', '/usr/bin'],
    ['debian:bookworm-slim', 'debian', true, 'nobody', 'bash', 'curl', '/usr/bin'],
    ['alpine:3.19', 'alpine', true, 'nobody', 'wget', 'bash', '/usr/bin'],
    ['gcr.io/distroless/static-debian12:nonroot', 'distroless-static', false, 'nonroot', 'ca-certificates', 'sh', '/usr/bin'],
    ['gcr.io/distroless/nodejs20-debian12', 'distroless-nodejs', false, 'nonroot', 'tzdata', 'node', '/usr/bin'],
    ['gcr.io/distroless/python3-debian12', 'distroless-python', false, 'nonroot', 'python3', 'pip', '/usr/bin'],
    ['gcr.io/distroless/java17-debian12', 'distroless-java', false, 'nonroot', 'java', 'javac', '/usr/bin'],
  ];
  it.each(TABLE)('%s', (image, family, shell, user, has, lacks, pathEntry) => {
    const b = baseImage(parseImage(image));
    expect(b?.family).toBe(family);
    expect(b?.shell).toBe(shell);
    expect(b?.users).toContain(user);
    expect(b?.tools).toContain(has);
    expect(b?.tools).not.toContain(lacks);
    expect((b?.env.PATH ?? '').split(':')).toContain(pathEntry);
  });
  it('knows no image it cannot tell: another registry, Windows, a variable', () => {
    for (const image of ['quay.io/acme/node:20', 'mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022', 'python:2.7-windowsservercore', '$BASE', 'acme/toolbox:1']) {
      expect(baseImage(parseImage(image))).toBeNull();
    }
  });
  it('scratch has nothing', () => {
    expect(baseImage(parseImage('scratch'))).toMatchObject({ shell: false, userland: false, users: [], tools: [], env: {} });
  });
  it('distroless language images start their interpreter', () => {
    expect(baseImage(parseImage('gcr.io/distroless/nodejs22-debian12:nonroot'))?.entrypoint).toEqual(['/nodejs/bin/node']);
    expect(baseImage(parseImage('gcr.io/distroless/python3-debian12'))?.entrypoint).toEqual(['/usr/bin/python3']);
    expect(baseImage(parseImage('gcr.io/distroless/java21-debian12'))?.entrypoint).toEqual(['/usr/bin/java', '-jar']);
  });
});

describe('the builder image ENV the runtime carries', () => {
  // [builder, runtime, handed over, start command, expected NAME=value lines]
  const TABLE: [string, string, string[], string, string[]][] = [
    ['rust:1.75', 'debian:bookworm-slim', ['/usr/local/cargo/bin/mytool'], 'mytool', ['PATH=/usr/local/cargo/bin:$PATH']],
    ['rust:1.75-alpine3.19', 'scratch', ['/usr/local/cargo/bin/mytool'], 'mytool', ['PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']],
    ['golang:1.22', 'gcr.io/distroless/static-debian12:nonroot', ['/go/bin'], '/go/bin/app', ['PATH=/go/bin:$PATH']],
    ['golang:1.22', 'gcr.io/distroless/static-debian12:nonroot', ['/out/app'], '/out/app', []],
    ['rust:1.75', 'debian:bookworm-slim', ['/app/target/release/app'], '/app/target/release/app', []],
    ['eclipse-temurin:17-jdk', 'eclipse-temurin:17-jre', ['/app/app.jar'], 'java -jar app.jar', []],
    ['eclipse-temurin:17-jdk', 'debian:bookworm-slim', ['/opt/java/openjdk'], '$JAVA_HOME/bin/java -jar app.jar', ['JAVA_HOME=/opt/java/openjdk', 'PATH=/opt/java/openjdk/bin:$PATH']],
    ['python:3.11', 'gcr.io/distroless/python3-debian12:nonroot', ['/opt/venv'], 'python app.py', ['LANG=C.UTF-8']],
    ['python:3.11', 'python:3.11-slim', ['/opt/venv'], 'python app.py', []],
    ['ruby:3.3', 'debian:bookworm-slim', ['/usr/local/bundle'], 'bundle exec puma', ['PATH=/usr/local/bundle/bin:$PATH', 'LANG=C.UTF-8', 'GEM_HOME=/usr/local/bundle', 'BUNDLE_APP_CONFIG=/usr/local/bundle']],
    ['quay.io/acme/rust:1', 'debian:bookworm-slim', ['/usr/local/cargo/bin/x'], 'x', []],
  ];
  it.each(TABLE)('%s → %s (%j)', (builder, runtime, handover, start, expected) => {
    const got = carriedEnv(parseImage(builder), parseImage(runtime), handover, start, new Set());
    expect(got.map((e) => `${e.name}=${e.value}`).sort()).toEqual([...expected].sort());
  });
  it('leaves what the stage sets itself to the stage', () => {
    expect(carriedEnv(parseImage('rust:1.75'), parseImage('debian:bookworm-slim'), ['/usr/local/cargo/bin/x'], 'x', new Set(['PATH']))).toEqual([]);
  });
});

describe('start-up invariant', () => {
  // [final stage(s), expected problem keys]
  const TABLE: [string, string[]][] = [
    ['FROM debian:bookworm-slim\nCOPY --from=b /usr/local/cargo/bin/mytool /usr/local/cargo/bin/mytool\nCMD ["mytool"]\n', ['program:CMD:mytool']],
    ['FROM debian:bookworm-slim\nENV PATH="/usr/local/cargo/bin:$PATH"\nCOPY --from=b /usr/local/cargo/bin/mytool /usr/local/cargo/bin/mytool\nCMD ["mytool"]\n', []],
    ['FROM debian:bookworm-slim\nCOPY --from=b /usr/local/cargo/bin/mytool /usr/local/bin/mytool\nCMD ["mytool"]\n', []],
    ['FROM debian:bookworm-slim\nCMD ["/app/server"]\n', ['program:CMD:/app/server']],
    ['FROM debian:bookworm-slim\nCOPY --from=b /app /app\nCMD ["/app/server"]\n', []],
    ['FROM debian:bookworm-slim\nWORKDIR /app\nCOPY --from=b /app/bin /app/bin\nCMD ["./bin/server"]\n', []],
    ['FROM debian:bookworm-slim\nCMD ["node", "server.js"]\n', ['program:CMD:node']],
    ['FROM node:20-slim\nCMD ["node", "server.js"]\n', []],
    ['FROM debian:bookworm-slim\nCMD ["sleep", "infinity"]\n', []],
    ['FROM debian:bookworm-slim\nCMD exec /usr/bin/env sleep 1\n', []],
    ['FROM gcr.io/distroless/static-debian12\nCMD ["sleep", "infinity"]\n', ['program:CMD:sleep']],
    ['FROM gcr.io/distroless/static-debian12\nCOPY --from=b /server /server\nCMD /server\n', ['shell:CMD']],
    ['FROM scratch\nCOPY --from=b /server /server\nENTRYPOINT /server --port 80\n', ['shell:ENTRYPOINT']],
    ['FROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=b /app /app\nCMD ["/app/server.js"]\n', []],
    ['FROM node:20-slim\nCOPY --from=b /app /app\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["node", "/app/s.js"]\n', ['program:HEALTHCHECK:curl']],
    ['FROM node:20-slim\nRUN apt-get update && apt-get install -y curl\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/\nCMD ["node", "/app/s.js"]\n', []],
    ['FROM node:20-slim\nHEALTHCHECK CMD ["wget", "-q", "localhost"]\nCMD ["node", "/app/s.js"]\n', ['program:HEALTHCHECK:wget']],
    ['FROM node:20-alpine\nHEALTHCHECK CMD ["wget", "-q", "localhost"]\nCMD ["node", "/app/s.js"]\n', []],
    ['FROM debian:bookworm-slim\nUSER app\nCMD ["bash"]\n', ['user:app']],
    ['FROM debian:bookworm-slim\nRUN useradd app\nUSER app\nCMD ["bash"]\n', []],
    ['FROM scratch\nCOPY --from=b /s /s\nUSER nobody\nCMD ["/s"]\n', ['user:nobody']],
    ['FROM scratch\nCOPY --from=b /s /s\nUSER 65534:65534\nCMD ["/s"]\n', []],
    ['FROM gcr.io/distroless/base-debian12\nCOPY --from=b /s /s\nUSER nonroot\nCMD ["/s"]\n', []],
    // Images the table does not know: nothing is judged.
    ['FROM acme/runtime:1\nUSER app\nCMD ["whatever"]\n', []],
    ['FROM $BASE\nCMD ["whatever"]\n', []],
    ['FROM debian:bookworm-slim\nCMD ["$APP"]\n', []],
    // A stage built on an earlier one inherits what that one holds.
    ['FROM debian:bookworm-slim AS base\nRUN useradd app\nCOPY --from=x /srv /srv\nFROM base\nUSER app\nCMD ["/srv/run"]\n', []],
  ];
  it.each(TABLE)('%j', (text, keys) => {
    expect(startupProblems(parse(text)).map((p) => p.key)).toEqual(keys);
  });
  it('verification counts only the problems the conversion made', () => {
    const input = parse('FROM rust:1.75\nCMD ["mytool"]\n');
    const bad = parse('FROM rust:1.75 AS builder\nFROM debian:bookworm-slim AS runtime\nCOPY --from=builder /usr/local/cargo/bin/mytool /usr/local/cargo/bin/mytool\nCMD ["mytool"]\n');
    expect(verify({ input, output: bad, rootAllowed: true }).join('\n')).toMatch(/CMD cannot start: `mytool` is copied to \/usr\/local\/cargo\/bin\/mytool, which is not on the image's PATH/);
    const already = parse('FROM debian:bookworm-slim\nCMD ["/app/server"]\n');
    expect(verify({ input: already, output: parse('# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nCMD ["/app/server"]\n'), rootAllowed: true })).toEqual([]);
  });
});

describe('the issue\'s failures convert right', () => {
  const rust = { 'Cargo.toml': '[package]\nname = "mytool"\nversion = "0.1.0"\n', 'Cargo.lock': 'version = 3\n', 'src/main.rs': 'fn main() {}\n' };
  it.each([
    ['rust:1.75', 'debian:bookworm-slim', /ENV PATH="\/usr\/local\/cargo\/bin:\$PATH"/],
    ['rust:1.75-bookworm', 'debian:bookworm-slim', /ENV PATH="\/usr\/local\/cargo\/bin:\$PATH"/],
    ['rust:1.75-alpine3.19', 'alpine:3.19', /ENV PATH="\/usr\/local\/cargo\/bin:\$PATH"/],
  ])('cargo install on %s: the binary stays on the PATH of %s', (builder, runtime, env) => {
    const r = convert(`FROM ${builder}\nWORKDIR /usr/src/mytool\nCOPY . .\nRUN cargo install --path .\nCMD ["mytool"]\n`, { project: projectFromFiles(rust) });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    expect(r.output).toContain(`FROM ${runtime} AS runtime`);
    expect(runtimeOf(r.output)).toMatch(env);
  });

  it.each([
    ['ARG NODE_VERSION=18\nFROM node:${NODE_VERSION}', 'node:${NODE_VERSION}-slim'],
    ['ARG NODE_VERSION=18\nFROM node:$NODE_VERSION', 'node:$NODE_VERSION-slim'],
    ['ARG NODE_VERSION=18-alpine\nFROM node:${NODE_VERSION}', 'node:${NODE_VERSION}'],
    ['ARG NODE_VERSION=18\nARG DISTRO=bullseye\nFROM node:${NODE_VERSION}-${DISTRO}', 'node:${NODE_VERSION}-${DISTRO}-slim'],
  ])('%j keeps its ARGs: %s', (head, runtime) => {
    const files = { 'package.json': '{"name":"a","scripts":{"build":"tsc"}}', 'package-lock.json': '{}' };
    const r = convert(`${head}\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n`, { project: projectFromFiles(files) });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    expect(r.output).toContain(`FROM ${runtime} AS runtime`);
    // The global ARGs stay global: nothing before the first FROM moved.
    expect(r.output.split('FROM ')[0].replace(/^# syntax=.*\n/, '')).toBe(head.split('FROM ')[0]);
  });

  describe('secrets', () => {
    const files = { 'package.json': '{"name":"a","scripts":{"build":"tsc"}}', 'package-lock.json': '{}' };
    const run = (envLines: string) =>
      convert(`FROM node:20\nARG NPM_TOKEN\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n${envLines}\nCMD ["node", "dist/server.js"]\n`, { project: projectFromFiles(files) });
    it.each(['ENV APP_SECRET_KEY=change-me', 'ENV DB_PASSWORD="p w"', 'ENV API_TOKEN dev', 'ENV STRIPE_API_KEY=sk_test PORT=3000'])('%s stays, with a warning that names it', (line) => {
      const r = run(line);
      expect(r.status, JSON.stringify(r.reason)).toBe('converted');
      expect(runtimeOf(r.output)).toContain(line);
      const warning = r.notes.find((n) => n.message.id === 'split-secret-env-kept');
      expect(warning?.message.values.name).toMatch(/KEY|PASSWORD|TOKEN/);
    });
    it.each(['ENV NPM_TOKEN=$NPM_TOKEN', 'ENV NPM_TOKEN=${NPM_TOKEN}', 'ENV GITHUB_TOKEN="${NPM_TOKEN}"'])('%s (a build credential) stays out', (line) => {
      const r = run(line);
      expect(r.status, JSON.stringify(r.reason)).toBe('converted');
      expect(runtimeOf(r.output)).not.toMatch(/TOKEN/);
      expect(r.notes.some((n) => n.message.id === 'split-secret-dropped')).toBe(true);
    });
  });

  describe('Windows images get no Linux commands', () => {
    it.each([
      '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nWORKDIR C:\\src\nCOPY . .\nRUN dotnet publish -c Release -o C:\\app\nENTRYPOINT ["dotnet", "C:\\\\app\\\\Web.dll"]\n',
      'FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-1809\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nENTRYPOINT ["dotnet", "/app/Web.dll"]\n',
      'FROM python:3.12-windowsservercore\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
      '# escape=`\nFROM acme/builder:1\nRUN npm ci\nCMD ["node", "server.js"]\n',
      'FROM node:20\nSHELL ["powershell", "-Command"]\nRUN npm ci\nCMD ["node", "server.js"]\n',
      'FROM node:20\nWORKDIR C:\\app\nRUN npm ci\nCMD ["node", "server.js"]\n',
      'ARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\nFROM $BASE\nRUN npm ci\nCMD ["node", "server.js"]\n',
    ])('%j', (text) => {
      const r = convert(text, { project: projectFromFiles({ 'Web.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"/>', 'requirements.txt': 'flask\n', 'package.json': '{}' }) });
      expect(r.status).not.toBe('error');
      expect(r.output).not.toMatch(/useradd|groupadd|adduser|^USER /m);
      expect(r.notes.some((n) => /Windows/.test(JSON.stringify(n.message)))).toBe(true);
    });
  });

  it.each([
    'FROM python:3.12\nWORKDIR /app\nONBUILD COPY . .\nONBUILD RUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    'FROM node:20\nONBUILD RUN npm ci\nCMD ["node", "server.js"]\n',
    'FROM debian:bookworm\nonbuild run make install\nCMD ["bash"]\n',
  ])('an image with ONBUILD triggers keeps root: %j', (text) => {
    const r = convert(text, { project: projectFromFiles({ 'requirements.txt': 'flask\n', 'package.json': '{}' }) });
    expect(r.status).not.toBe('error');
    expect(r.output).not.toMatch(/^USER /m);
  });

  describe('comment lines inside a continuation never crash', () => {
    const BODIES = [
      'RUN \\\n    # comment\n    npm ci \\\n    # comment\n    && npm run build',
      'RUN \\\n    # comment\\with a backslash\n    npm ci \\\n    # comment\n    && npm run build',
      'RUN npm ci \\\n    # a\\b\n    && npm run build',
      'RUN \\\n# c:\\\\path\\\\x\n    npm ci && \\\n  # \\\n    npm run build',
      'RUN --mount=type=cache,target=/root/.npm \\\n    # cached\\here\n    npm ci && npm run build',
    ];
    for (const eol of ['\n', '\r\n']) {
      it.each(BODIES)(`%j (${eol === '\n' ? 'LF' : 'CRLF'})`, (body) => {
        const text = `FROM node:20\nWORKDIR /app\nCOPY . .\n${body}\nCMD ["node", "dist/index.js"]\n`.replace(/\n/g, eol);
        const r = convert(text, { project: projectFromFiles({ 'package.json': '{"name":"a","scripts":{"build":"tsc"}}', 'package-lock.json': '{}' }) });
        expect(r.status, JSON.stringify(r.reason)).not.toBe('error');
        if (r.status === 'converted') expect(r.output).toContain(body.replace(/\n/g, eol).split(eol).slice(-1)[0]);
      });
    }
    it('the validator that throws is a note, typed, and the other checks decide', () => {
      const r = convert('FROM node:20\nWORKDIR /app\nCOPY . .\nRUN \\\n    # comment\\here\n    npm ci \\\n    # comment\n    && npm run build\nCMD ["node", "i.js"]\n', { project: projectFromFiles({ 'package.json': '{}', 'package-lock.json': '{}' }) });
      expect(r.status).toBe('converted');
      expect(r.notes.find((n) => n.message.id === 'check-unavailable')?.message.values.check).toBe('dockerfile-utils');
    });
  });
});

describe('runtime-base policies reach every image family they can', () => {
  const node = { 'package.json': '{"name":"a","scripts":{"build":"tsc"}}', 'package-lock.json': '{}' };
  // [Dockerfile, files, policy, runtime image, CMD in the runtime stage]
  const TABLE: [string, Record<string, string>, RuntimeBasePolicy, string, string][] = [
    ['FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n', node, 'distroless', 'gcr.io/distroless/nodejs20-debian12:nonroot', 'CMD ["dist/server.js"]'],
    ['FROM node:22-bookworm\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["/usr/local/bin/node", "dist/server.js"]\n', node, 'distroless', 'gcr.io/distroless/nodejs22-debian12:nonroot', 'CMD ["dist/server.js"]'],
    ['FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npm", "start"]\n', node, 'distroless', 'node:20-slim', 'CMD ["npm", "start"]'],
    ['FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD node dist/server.js\n', node, 'distroless', 'node:20-slim', 'CMD node dist/server.js'],
    ['FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n', node, 'distroless', 'node:20-alpine', 'CMD ["node", "dist/server.js"]'],
    ['FROM node:21\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/server.js"]\n', node, 'distroless', 'node:21-slim', 'CMD ["node", "dist/server.js"]'],
    ['FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n', { 'requirements.txt': 'flask\n' }, 'distroless', 'gcr.io/distroless/python3-debian12:nonroot', 'CMD ["app.py"]'],
    ['FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n', { 'requirements.txt': 'flask\n' }, 'distroless', 'python:3.12-slim', 'CMD ["python", "app.py"]'],
    ['FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["gunicorn", "app:app"]\n', { 'requirements.txt': 'flask\n' }, 'distroless', 'python:3.11-slim', 'CMD ["gunicorn", "app:app"]'],
    ['FROM eclipse-temurin:21-jdk\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B package\nCMD ["java", "-jar", "target/app.jar"]\n', { 'pom.xml': '<project/>', mvnw: '' }, 'distroless', 'gcr.io/distroless/java21-debian12:nonroot', 'CMD ["target/app.jar"]'],
    ['FROM eclipse-temurin:21-jdk\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B package\nCMD ["java", "-Xmx512m", "-jar", "target/app.jar"]\n', { 'pom.xml': '<project/>', mvnw: '' }, 'distroless', 'eclipse-temurin:21-jre', 'CMD ["java", "-Xmx512m", "-jar", "target/app.jar"]'],
    ['FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n', { 'go.mod': 'module a\n\ngo 1.22\n', 'main.go': 'package main\n' }, 'scratch', 'scratch', 'CMD ["/app"]'],
    ['FROM golang:1.22-alpine3.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n', { 'go.mod': 'module a\n\ngo 1.22\n', 'main.go': 'package main\n' }, 'scratch', 'scratch', 'CMD ["/app"]'],
    ['FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { 'go.mod': 'module a\n\ngo 1.22\n', 'main.go': 'package main\n' }, 'scratch', 'gcr.io/distroless/base-debian12:nonroot', 'CMD ["/app"]'],
  ];
  it.each(TABLE)('%j with %s', (text, files, policy, image, cmd) => {
    const r = convert(text, { project: projectFromFiles(files), runtimeBase: policy });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    expect(r.output).toMatch(new RegExp(`^FROM ${image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} AS runtime$`, 'm'));
    expect(runtimeOf(r.output)).toContain(cmd);
    if (!image.includes(policy)) expect(r.notes.some((n) => n.message.id === 'runtime-base-not-used')).toBe(true);
    if (cmd !== text.match(/^CMD .*$/m)?.[0]) expect(r.changes.some((c) => c.message.id === 'split-start-interpreter')).toBe(true);
  });
  it('scratch gets the CA bundle and a numeric user', () => {
    const r = convert('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD ["/app"]\n', { project: projectFromFiles({ 'go.mod': 'module a\n', 'main.go': 'package main\n' }), runtimeBase: 'scratch' });
    expect(runtimeOf(r.output)).toMatch(/COPY --from=builder \/etc\/ssl\/certs\/ca-certificates\.crt/);
    expect(runtimeOf(r.output)).toMatch(/^USER 65534:65534$/m);
  });
  it.each([
    ['import "time"\nfunc main() { time.LoadLocation("UTC") }', true],
    ['import (\n"time"\n_ "time/tzdata"\n)\nfunc main() { time.LoadLocation("UTC") }', false],
    ['func main() {}', false],
  ])('scratch gets the zone database when the app loads zones: %j', (src, zones) => {
    const r = convert('FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\nCMD ["/app"]\n', {
      project: projectFromFiles({ 'go.mod': 'module a\n', 'cmd/app/main.go': `package main\n${src}\n` }),
      runtimeBase: 'scratch',
    });
    expect(r.status).toBe('converted');
    expect(/ZONEINFO=/.test(r.output)).toBe(zones);
  });
});
