// A seeded generator of Dockerfiles composed from constructs, for `npm run fuzz` and the sample in `npm test`:
// where the mutators (mutate.mjs) break corpus files at random, this builds files that are valid in shape but
// combine what real files combine rarely: comment lines inside continuations (with backslashes), heredocs,
// `# escape=` with backticks, ONBUILD, Windows paths and images, JSON and shell forms, instruction flags,
// parser directives, ARG-templated images, secret-looking ENV, CRLF. Each file comes with a build context
// (manifests of its ecosystem) and options (a runtime-base policy), so conversions really happen.

const ECOSYSTEMS = {
  node: {
    images: ['node:20', 'node:18-bullseye', 'node:20-alpine', 'node:${NODE_VERSION}', 'node:22-bookworm', `node:20@sha256:${'0123456789abcdef'.repeat(4)}`],
    args: ['NODE_VERSION=20'],
    files: { 'package.json': '{"name":"app","scripts":{"build":"tsc","start":"node dist/server.js"},"devDependencies":{"typescript":"5"}}', 'package-lock.json': '{}' },
    manifests: ['package.json package-lock.json ./', 'package*.json ./'],
    installs: ['npm ci', 'npm install --omit=dev', 'yarn install --frozen-lockfile'],
    builds: ['npm run build', 'npx tsc -p .'],
    starts: [['node', 'dist/server.js'], ['npm', 'start'], ['node', '--enable-source-maps', 'dist/server.js']],
  },
  python: {
    images: ['python:3.11', 'python:3.12-slim', 'python:3.12-bookworm', 'python:${PYTHON_VERSION}', 'python:3.11-alpine'],
    args: ['PYTHON_VERSION=3.11'],
    files: { 'requirements.txt': 'flask==3.0.0\npsycopg2==2.9.9\n', 'app.py': 'print("hi")\n' },
    manifests: ['requirements.txt .', 'requirements.txt ./'],
    installs: ['pip install -r requirements.txt', 'pip install --no-cache-dir -r requirements.txt'],
    builds: ['python -m compileall .'],
    starts: [['python', 'app.py'], ['gunicorn', '-b', '0.0.0.0:8000', 'app:app'], ['python3', '-m', 'app']],
  },
  go: {
    images: ['golang:1.22', 'golang:1.21-alpine3.19', 'golang:${GO_VERSION}', 'golang:1.22-bookworm'],
    args: ['GO_VERSION=1.22'],
    files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'go.sum': '', 'main.go': 'package main\n\nimport "time"\n\nfunc main() { time.LoadLocation("UTC") }\n' },
    manifests: ['go.mod go.sum ./', 'go.* ./'],
    installs: ['go mod download'],
    builds: ['CGO_ENABLED=0 go build -o /out/app .', 'go build -o /usr/local/bin/app ./', 'go install ./...'],
    starts: [['/out/app'], ['app'], ['/usr/local/bin/app', '--port', '8080']],
  },
  rust: {
    images: ['rust:1.75', 'rust:1.75-alpine3.19', 'rust:${RUST_VERSION}', 'rust:1.80-bookworm'],
    args: ['RUST_VERSION=1.75'],
    files: { 'Cargo.toml': '[package]\nname = "mytool"\nversion = "0.1.0"\n', 'Cargo.lock': 'version = 3\n', 'src/main.rs': 'fn main() {}\n' },
    manifests: ['Cargo.toml Cargo.lock ./'],
    installs: ['cargo fetch'],
    builds: ['cargo build --release', 'cargo install --path .'],
    starts: [['mytool'], ['/app/target/release/mytool'], ['/usr/local/cargo/bin/mytool', 'serve']],
  },
  java: {
    images: ['eclipse-temurin:17-jdk', 'maven:3.9-eclipse-temurin-21', 'eclipse-temurin:${JAVA_VERSION}-jdk-jammy'],
    args: ['JAVA_VERSION=17'],
    files: { 'pom.xml': '<project/>', mvnw: '', 'src/Main.java': '' },
    manifests: ['pom.xml ./'],
    installs: ['mvn -B dependency:go-offline'],
    builds: ['mvn -B package -DskipTests', './mvnw -B package'],
    starts: [['java', '-jar', 'target/app.jar'], ['java', '-Xmx256m', '-jar', '/app/target/app.jar']],
  },
  dotnet: {
    images: ['mcr.microsoft.com/dotnet/sdk:8.0', 'mcr.microsoft.com/dotnet/sdk:8.0-alpine', 'mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022', 'mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}'],
    args: ['DOTNET_VERSION=8.0'],
    files: { 'Web.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>' },
    manifests: ['Web.csproj ./'],
    installs: ['dotnet restore'],
    builds: ['dotnet publish -c Release -o /app/publish'],
    starts: [['dotnet', '/app/publish/Web.dll'], ['dotnet', 'Web.dll']],
  },
  windows: {
    images: ['mcr.microsoft.com/windows/servercore:ltsc2022', 'python:3.12-windowsservercore', 'golang:1.22-nanoserver'],
    args: ['BASE=mcr.microsoft.com/windows/servercore:ltsc2022'],
    files: { 'app.ps1': '' },
    manifests: ['app.ps1 C:\\app\\'],
    installs: ['Install-WindowsFeature Web-Server', 'choco install -y git'],
    builds: ['msbuild app.sln'],
    starts: [['powershell', '-File', 'C:\\app\\app.ps1'], ['C:\\app\\server.exe']],
  },
};

const POLICIES = [undefined, undefined, 'slim', 'distroless', 'alpine', 'scratch'];
const SECRET_ENVS = ['APP_SECRET_KEY=change-me', 'DB_PASSWORD="p w"', 'API_TOKEN=dev', 'NPM_TOKEN=$NPM_TOKEN', 'GITHUB_TOKEN=${GH_TOKEN}'];
const PLAIN_ENVS = ['PORT=8080', 'NODE_ENV=production', 'LANG=C.UTF-8', 'PATH="/opt/tools/bin:$PATH"', 'TZ=Europe/Paris', 'APP_HOME=/srv/app'];

/** A shell command spread over continuation lines, with comment lines among them (the escape char given). */
function continued(r, esc, commands) {
  const out = [];
  commands.forEach((c, k) => {
    if (r() < 0.35) out.push(`    # ${r.pick(['step', 'note\\with a backslash', 'c:\\path\\to', 'trailing \\', 'done'])}`);
    out.push(`${k === 0 ? '' : '    && '}${c}${k < commands.length - 1 ? ` ${esc}` : ''}`);
  });
  return out;
}

/** One RUN in a random shape: plain, chained over lines, with comments, flags, a heredoc or JSON form. */
function run(r, esc, commands) {
  const flags = [];
  if (r() < 0.15) flags.push(r.pick(['--mount=type=cache,target=/root/.cache', '--network=none', '--mount=type=secret,id=npmrc,target=/root/.npmrc', '--security=insecure']));
  const head = `RUN ${flags.length ? flags.join(' ') + ' ' : ''}`;
  const shape = r();
  if (shape < 0.12) return [`${head}<<EOF`, ...commands, 'EOF'];
  if (shape < 0.2) return [`${head}${JSON.stringify(['sh', '-c', commands.join(' && ')])}`];
  if (shape < 0.55 && commands.length > 1) return [`${head}${esc}`, ...continued(r, esc, commands)];
  if (shape < 0.7 && commands.length > 1) {
    // The first command on the RUN line itself, the comment lines that came before it after it.
    const body = continued(r, esc, commands);
    const first = body.findIndex((l) => !l.trimStart().startsWith('#'));
    return [`${head}${body[first].trim()}`, ...body.slice(0, first), ...body.slice(first + 1)];
  }
  return commands.map((c) => `${head}${c}`);
}

const exec = (words) => JSON.stringify(words).replace(/","/g, '", "');
const shellForm = (words) => words.join(' ');

/** A Dockerfile, its build context and options, composed from constructs with `r` (see mutate.mjs's rng). */
export function compose(r) {
  const name = r() < 0.12 ? 'windows' : r.pick(['node', 'node', 'python', 'python', 'go', 'rust', 'java', 'dotnet']);
  const eco = ECOSYSTEMS[name];
  const windows = name === 'windows' || r() < 0.03;
  const esc = windows && r() < 0.7 ? '`' : r() < 0.04 ? '`' : '\\';
  const crlf = r() < 0.2;
  const kw = (k) => (r() < 0.08 ? k.toLowerCase() : k);
  const lines = [];
  const parts = [name];
  if (r() < 0.03) lines.push('\uFEFF# syntax=docker/dockerfile:1');
  else if (r() < 0.3) lines.push('# syntax=docker/dockerfile:1');
  if (esc === '`') {
    lines.push('# escape=`');
    parts.push('escape-backtick');
  } else if (r() < 0.05) lines.push('# escape=\\');
  if (r() < 0.3) lines.push(`# ${r.pick(['build the app', 'maintained by ops', 'see README'])}`, '');
  const image = r.pick(eco.images);
  if (image.includes('$') || r() < 0.1) {
    lines.push(`${kw('ARG')} ${r.pick(eco.args)}`);
    parts.push('arg-image');
  }
  const platform = r() < 0.08 ? '--platform=$BUILDPLATFORM ' : '';
  const multi = r() < 0.08;
  if (multi) lines.push(`${kw('FROM')} ${image} AS deps`, `${kw('RUN')} echo deps`, '');
  lines.push(`${kw('FROM')} ${platform}${multi ? 'deps' : image}${r() < 0.15 ? ` ${r.pick(['AS', 'as'])} app` : ''}`);
  const workdir = windows ? r.pick(['C:\\app', 'C:/app', 'c:\\src\\app']) : r.pick(['/app', '/usr/src/app', '/srv/my-app', '/src', '/']);
  if (r() < 0.85) lines.push(`${kw('WORKDIR')} ${workdir}`);
  if (r() < 0.25) lines.push(`${kw('ENV')} ${r.pick(PLAIN_ENVS)}`);
  if (r() < 0.2) {
    lines.push(`${kw('ARG')} ${r.pick(['NPM_TOKEN', 'GH_TOKEN', 'BUILD_DATE', 'APP_ENV=production'])}`);
  }
  if (r() < 0.4) {
    const pkgs = r.pick([['build-essential', 'libpq-dev'], ['curl', 'ca-certificates'], ['gcc', 'musl-dev'], ['git'], ['tzdata']]);
    const alpine = /alpine/.test(image);
    const cmds = alpine ? [`apk add --no-cache ${pkgs.join(' ')}`] : ['apt-get update', `apt-get install -y --no-install-recommends ${pkgs.join(' ')}`, 'rm -rf /var/lib/apt/lists/*'];
    lines.push(...run(r, esc, cmds).map((l, k) => (k === 0 ? l.replace(/^RUN/, kw('RUN')) : l)));
    parts.push('system-packages');
  }
  if (r() < 0.5) lines.push(`${kw('COPY')} ${r() < 0.15 ? '--chown=1000:1000 ' : ''}${r.pick(eco.manifests)}`);
  if (r() < 0.15) lines.push(`${kw('COPY')} ${r.pick(['--link ', '--chmod=755 ', ''])}entrypoint.sh /usr/local/bin/`);
  const install = r.pick(eco.installs);
  const build = r.pick(eco.builds);
  if (r() < 0.5) {
    lines.push(...run(r, esc, [install]));
    lines.push(`${kw('COPY')} . ${r() < 0.5 ? '.' : windows ? 'C:\\app' : workdir}`);
    lines.push(...run(r, esc, [build]));
  } else {
    lines.push(`${kw('COPY')} . .`);
    lines.push(...run(r, esc, r() < 0.5 ? [install, build] : [install, build, 'echo done']));
  }
  if (r() < 0.12) {
    lines.push(`${kw('ONBUILD')} COPY . /app/src`, `${kw('ONBUILD')} RUN ${install}`);
    parts.push('onbuild');
  }
  if (r() < 0.15) {
    lines.push(`${kw('ENV')} ${r.pick(SECRET_ENVS)}`);
    parts.push('secret-env');
  }
  if (windows && r() < 0.5) lines.push(`${kw('SHELL')} ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]`);
  if (r() < 0.15) lines.push(`${kw('LABEL')} org.opencontainers.image.source="https://example.com/${name}" version=${image.includes('$') ? '${' + eco.args[0].split('=')[0] + '}' : '1'}`);
  if (r() < 0.5) lines.push(`${kw('EXPOSE')} ${r.pick(['8080', '3000', '80', '8000/tcp', '${PORT}'])}`);
  if (r() < 0.1) lines.push(`${kw('VOLUME')} ${r.pick(['/data', '["/var/lib/app"]', windows ? 'C:\\data' : '/srv/cache'])}`);
  if (r() < 0.2) {
    const h = r.pick([['curl', '-f', 'http://localhost:8080/'], ['wget', '-q', '-O-', 'http://localhost:8080/health'], ['/out/app', 'health']]);
    lines.push(`${kw('HEALTHCHECK')} ${r() < 0.5 ? '--interval=30s --timeout=3s ' : ''}CMD ${r() < 0.5 ? exec(h) : shellForm(h) + ' || exit 1'}`);
    parts.push('healthcheck');
  }
  if (r() < 0.1) lines.push(`${kw('USER')} ${r.pick(['node', 'nobody', '1000:1000', 'app', 'root', 'ContainerUser'])}`);
  if (r() < 0.05) lines.push(`${kw('STOPSIGNAL')} SIGTERM`);
  const start = r.pick(eco.starts);
  const form = r();
  if (form < 0.15) {
    lines.push(`${kw('ENTRYPOINT')} ${r() < 0.3 ? '["/usr/local/bin/entrypoint.sh"]' : exec(start.slice(0, 1))}`);
    if (start.length > 1) lines.push(`${kw('CMD')} ${exec(start.slice(1))}`);
    parts.push('entrypoint');
  } else if (form < 0.45) {
    lines.push(`${kw('CMD')} ${shellForm(start)}`);
    parts.push('shell-form');
  } else if (form < 0.5) {
    lines.push(`${kw('CMD')} ["sh", "-c", "${shellForm(start)} --port $PORT"]`);
  } else lines.push(`${kw('CMD')} ${exec(start)}`);
  if (r() < 0.1) lines.push('# trailing comment');
  let text = lines.join('\n') + (r() < 0.9 ? '\n' : '');
  if (crlf) {
    text = text.replace(/\n/g, '\r\n');
    parts.push('crlf');
  }
  const files = { ...eco.files, ...(r() < 0.3 ? { 'entrypoint.sh': r() < 0.3 ? '#!/bin/sh\nexec gosu app "$@"\n' : '#!/bin/sh\nexec "$@"\n' } : {}), ...(r() < 0.2 ? { '.dockerignore': 'node_modules\n.git\n' } : {}) };
  const runtimeBase = r.pick(POLICIES);
  if (runtimeBase) parts.push(`policy-${runtimeBase}`);
  return { text, files, options: runtimeBase ? { runtimeBase } : {}, parts };
}
