// What every ecosystem of the registry owes the contract (src/analyze/contract.ts), checked generically: adding an
// ecosystem to the registry runs it through these checks and requires its own table, <id>.test.ts, next to this file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ecosystem } from '../../../src/analyze/contract.ts';
import { ECOSYSTEMS } from '../../../src/analyze/ecosystems/index.ts';
import { parseImage } from '../../../src/analyze/images.ts';
import { parse } from '../../../src/model/parse.ts';
import { heredocScript, splitShell, type Command } from '../../../src/model/shell.ts';
import { appDockerfiles, corpusFiles } from '../../helpers/corpus.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { dockerfile, factsOf, firstCommand } from './helpers.ts';

/** Commands of no language tool: they get the generic roles, so no ecosystem may claim them. */
const GENERIC = [
  'apt-get install -y curl', 'echo hi', 'mkdir -p /x', 'useradd app', 'apk add --no-cache tini', 'chmod +x /entrypoint.sh',
  'rm -rf /var/lib/apt/lists/*', 'curl -fsSLo /tmp/x.tgz https://example.com/x.tgz', 'tar -xzf /tmp/x.tgz -C /opt', 'ln -s /opt/x/bin/x /usr/local/bin/x',
];
/** Settings the app reads at run time: never only a build tool's. */
const RUNTIME_ENV = ['PATH', 'HOME', 'PORT', 'LANG', 'TZ', 'NODE_ENV', 'PYTHONUNBUFFERED', 'RAILS_ENV', 'ASPNETCORE_URLS', 'JAVA_OPTS', 'DATABASE_URL'];
/** Packages a runtime stage may well need: never build-only. */
const RUNTIME_PACKAGES = ['ca-certificates', 'tzdata', 'curl', 'nodejs', 'python3', 'ruby', 'php', 'libpq5'];
const BLOCKS = ['classify', 'detect', 'manifests', 'plan'];

const cases = ECOSYSTEMS.map((e): [string, Ecosystem] => [e.id, e]);

/** A RegExp `test` gives the same answer on every call (no `g`/`y` state) and names whole words. */
function wellFormedPattern(r: RegExp): void {
  expect(r).toBeInstanceOf(RegExp);
  expect(r.flags).not.toMatch(/[gy]/);
  expect(r.test('')).toBe(false);
  for (const name of RUNTIME_ENV) expect(r.test(name), name).toBe(false);
}

describe('the registry', () => {
  it('has unique ids', () => {
    const ids = ECOSYSTEMS.map((e) => e.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a table for every ecosystem, and no table for an ecosystem it lacks', () => {
    const tables = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.test.ts') && f !== 'contract.test.ts').map((f) => f.replace(/\.test\.ts$/, ''));
    expect(tables.sort()).toEqual(ECOSYSTEMS.map((e) => e.id).sort());
  });

  it('names every cache once', () => {
    const names = ECOSYSTEMS.flatMap((e) => (e.caches ?? []).map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
  });
});

const TOOL_LINES = [
  'node scripts/build.js', 'bunx vite build', 'bun install', 'corepack enable', 'npx tsc', 'tsc -p .', 'yarn build', 'pnpm i', 'npm --version',
  'composer.phar install', 'php artisan test', 'php7.4 composer-setup.php', 'phpunit', 'pecl install redis', 'docker-php-ext-install pdo', 'a2enmod rewrite',
  'curl -sS https://getcomposer.org/installer -o /tmp/setup.php', 'python3.11 -m pip install flask', 'pip3 install -r requirements.txt', 'python -m venv /venv',
  'poetry install --no-root', 'uv sync', 'pipenv install --system', 'virtualenv /venv', 'pytest', 'bundle install', 'gem install rails', 'rake assets:precompile',
  'rails assets:precompile', 'bootsnap precompile --gemfile', 'rspec', 'mvn -B package', './mvnw dependency:go-offline', './gradlew build', 'gradle --version',
  'lein uberjar', 'sbt assembly', 'javac Main.java', 'jar cf app.jar -C out .', 'go build -o /app ./cmd/app', 'go mod download', 'cargo build --release', 'rustc main.rs', 'rustup target add x',
  'dotnet publish -c Release -o out', 'gcc -o /usr/local/bin/x x.c', 'x86_64-linux-gnu-gcc-12 -c x.c', 'make install', './configure --prefix=/usr', 'cmake ..',
];

/** Every command of every RUN of the fixtures and (when present) the corpus: the names real files use. */
function realCommands(): Command[] {
  const files = [
    ...readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => /Dockerfile$/.test(f)).map((f) => join(FIXTURES, f)),
    ...corpusFiles(),
    ...appDockerfiles().map((a) => a.file),
  ];
  // Lines of the rarer tools the real files may lack.
  const commands: Command[] = TOOL_LINES.map(firstCommand);
  for (const file of files) {
    let model;
    try {
      model = parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const ins of model.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const body = ins.heredoc ? heredocScript(ins.rawArgs) : null;
      const src = ins.json ? ins.json.join(' ') : body ? ins.rawArgs.slice(body.start, body.end) : ins.args;
      commands.push(...splitShell(src).commands);
    }
  }
  return commands;
}

describe('the command names an ecosystem declares (`commands`)', () => {
  const commands = realCommands();
  const sure = ['/app', null].map((dir) => ({ workdir: dir, appDir: dir }));

  it('covers every command its classify claims', () => {
    expect(commands.length).toBeGreaterThan(1000);
    for (const eco of ECOSYSTEMS) {
      const missed = new Set<string>();
      for (const cmd of commands) for (const at of sure) if (eco.classify(cmd, at) !== null && !eco.commands.test(cmd.base)) missed.add(cmd.base);
      expect([...missed], `${eco.id} claims these names without declaring them`).toEqual([]);
    }
  });

  it.each(cases)('%s: a pattern of whole names', (_id, eco) => {
    expect(eco.commands).toBeInstanceOf(RegExp);
    expect(eco.commands.flags).not.toMatch(/[gy]/);
    expect(eco.commands.test('')).toBe(false);
    expect(eco.commands.test('echo')).toBe(false);
  });
});

describe.each(cases)('%s', (id, eco) => {
  it.each(GENERIC)('leaves `%s` to the generic classifier', (shell) => {
    expect(eco.classify(firstCommand(shell), { workdir: '/app', appDir: '/app' })).toBeNull();
    expect(eco.classify(firstCommand(shell), { workdir: null, appDir: null })).toBeNull();
  });

  it('detects nothing in a stage of no language', () => {
    expect(eco.detect(factsOf(dockerfile('FROM alpine:3.19', 'RUN apk add --no-cache curl && adduser -D app', 'CMD ["sh"]')))).toBeNull();
  });

  it('has its table, with the four blocks', () => {
    const file = join(import.meta.dirname, `${id}.test.ts`);
    expect(existsSync(file), `${id}.test.ts`).toBe(true);
    const text = readFileSync(file, 'utf8');
    for (const block of BLOCKS) expect(text, `describe('${block}', ...) in ${id}.test.ts`).toContain(`describe('${block}',`);
  });

  it('declares build-only settings as a pattern of whole names', () => {
    if (eco.buildEnv) wellFormedPattern(eco.buildEnv);
  });

  it('declares build-only packages as distinct package names', () => {
    if (!eco.buildPackages) return;
    expect(eco.buildPackages.length).toBeGreaterThan(0);
    for (const p of eco.buildPackages) expect(p).toMatch(/^\S+$/);
    expect(new Set(eco.buildPackages).size).toBe(eco.buildPackages.length);
    for (const p of RUNTIME_PACKAGES) expect(eco.buildPackages).not.toContain(p);
  });

  it('declares caches with absolute folders that generic commands neither use nor defeat', () => {
    const plain = factsOf(dockerfile('FROM alpine:3.19', 'RUN echo hi'));
    for (const cache of eco.caches ?? []) {
      expect(cache.name).toMatch(/^[a-z][\w-]*$/);
      expect(cache.targets.length).toBeGreaterThan(0);
      for (const t of cache.targets) {
        expect(t.path).toMatch(/^\/\S*[^/]$/);
        if (t.options !== undefined) expect(t.options).toMatch(/^[a-z]+=[\w.-]+(,[a-z]+=[\w.-]+)*$/);
      }
      wellFormedPattern(cache.env);
      for (const shell of GENERIC) {
        expect(cache.uses(firstCommand(shell)), shell).toBe(false);
        expect(cache.defeats(firstCommand(shell)), shell).toBeNull();
      }
      const unsure = cache.unsure?.(plain) ?? null;
      expect(unsure === null || (typeof unsure === 'string' && unsure.length > 0)).toBe(true);
    }
  });

  it('names no image user for images of no ecosystem', () => {
    for (const image of ['alpine:3.19', 'debian:bookworm-slim', 'gcr.io/distroless/static-debian12']) expect(eco.imageUser?.(parseImage(image)) ?? null).toBeNull();
  });
});
