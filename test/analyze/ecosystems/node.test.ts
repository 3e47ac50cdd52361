// Node with npm, yarn, pnpm and bun: package.json + the lockfile before the install, the app folder (dev
// dependencies pruned) on node:<same>-slim.
import { describe, expect, it } from 'vitest';
import { node } from '../../../src/analyze/ecosystems/node.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary, handoverOf } from './helpers.ts';

const pkg = (extra: Record<string, unknown> = {}): string => JSON.stringify({ name: 'app', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' }, ...extra });
const CONTEXT = { 'package.json': pkg(), 'package-lock.json': '{}', 'src/index.ts': '' };

describe('classify', () => {
  it.each([
    ['npm ci --omit=dev', { role: 'dep-install', readsSources: false, prunes: true }],
    ['npm install', { role: 'dep-install', readsSources: false }],
    ['npm install ./packages/shared', { role: 'dep-install', readsSources: true }],
    ['npm install -g pm2', { role: 'system-config', note: 'global install' }],
    ['npm run build', { role: 'build' }],
    ['npm run lint:fix', { role: 'test' }],
    ['npm test', { role: 'test' }],
    ['npm prune --omit=dev', { role: 'neutral', prunes: true }],
    ['npm rebuild bcrypt', { role: 'build' }],
    ['yarn', { role: 'dep-install' }],
    ['yarn install --frozen-lockfile', { role: 'dep-install' }],
    ['yarn global add serve', { role: 'system-config', note: 'global install' }],
    ['yarn build', { role: 'build' }],
    ['yarn test:unit', { role: 'test' }],
    ['pnpm install --frozen-lockfile', { role: 'dep-install' }],
    ['pnpm fetch --prod', { role: 'dep-install' }],
    ['pnpm add -g turbo', { role: 'system-config' }],
    ['pnpm run build', { role: 'build' }],
    ['bun install --frozen-lockfile', { role: 'dep-install' }],
    ['bun run build', { role: 'build' }],
    ['bunx prisma generate', { role: 'build' }],
    ['corepack enable', { role: 'system-config' }],
    ['npx prisma generate', { role: 'build' }],
    ['tsc -p tsconfig.build.json', { role: 'build' }],
    ['node scripts/build.js', { role: 'build' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(node, shell))).toEqual(expected);
  });

  it.each(['node --version', 'pip install -r requirements.txt', 'bundle exec rails assets:precompile', 'deno task build', 'serve -s dist'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(node, shell)).toBeNull();
  });

  it.each(['yarn --version', 'pnpm --version', 'bun --version'])('`%s` is neutral', (shell) => {
    expect(classifyLine(node, shell)?.role).toBe('neutral');
  });
});

describe('detect', () => {
  it.each([
    ['npm ci', dockerfile('FROM node:20', 'RUN npm ci'), 'node', 'npm'],
    ['yarn on another image', dockerfile('FROM debian:bookworm', 'RUN apt-get update && apt-get install -y nodejs yarnpkg', 'RUN yarn install'), 'node', 'yarn'],
    ['pnpm after corepack', dockerfile('FROM node:20', 'RUN corepack enable && pnpm install --frozen-lockfile'), 'node', 'pnpm'],
    ['the Bun image', dockerfile('FROM oven/bun:1', 'CMD ["bun", "index.ts"]'), 'node', 'bun'],
    ['the official image alone', dockerfile('FROM node:20-alpine', 'CMD ["node", "index.js"]'), 'node', 'npm'],
    // Python is asked before Node: npm builds the assets of a Flask app on the python image.
    ['python before node', dockerfile('FROM python:3.12', 'RUN npm ci && npm run build', 'CMD ["gunicorn", "app:app"]'), 'python', 'pip'],
    // A Node build whose CMD starts a static server is a static front end, asked before Node.
    ['static before node', dockerfile('FROM node:20', 'RUN npm ci && npm run build', 'CMD ["npx", "serve", "-s", "dist"]'), 'static', 'npm'],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const stage = (install = 'npm ci'): string => dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', `RUN ${install}`);

  it.each([
    ['npm, no context: a glob', stage(), undefined, ['package*.json']],
    ['yarn, no context', stage('yarn install --frozen-lockfile'), undefined, ['package.json', 'yarn.lock']],
    ['npm with a context and .npmrc', stage(), { ...CONTEXT, '.npmrc': '' }, ['package.json', 'package-lock.json', '.npmrc']],
    ['the lockfile of the install\u2019s own tool', stage('pnpm install --frozen-lockfile'), { ...CONTEXT, 'pnpm-lock.yaml': '' }, ['package.json', 'pnpm-lock.yaml']],
    ['yarn berry settings and release', stage('yarn install --immutable'), { 'package.json': pkg(), 'yarn.lock': '', '.yarnrc.yml': '', '.yarn/releases/yarn-4.1.0.cjs': '' },
      ['package.json', 'yarn.lock', '.yarnrc.yml', '.yarn/releases/']],
    ['npm workspaces', stage(),
      { ...CONTEXT, 'package.json': pkg({ workspaces: ['packages/*', 'tools/cli'] }), 'packages/a/package.json': '{}', 'packages/b/package.json': '{}', 'packages/b/index.js': '', 'tools/cli/package.json': '{}' },
      ['package.json', 'package-lock.json', 'packages/a/package.json', 'packages/b/package.json', 'tools/cli/package.json']],
    ['pnpm workspaces', stage('pnpm install'), { 'package.json': pkg(), 'pnpm-lock.yaml': '', 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n", 'apps/web/package.json': '{}' },
      ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'apps/web/package.json']],
    ['a workspace glob not expanded', stage(), { ...CONTEXT, 'package.json': pkg({ workspaces: ['packages/**'] }) }, { skip: 'workspace pattern `packages/**` is not expanded by this tool' }],
    ['a postinstall script', stage(), { ...CONTEXT, 'package.json': pkg({ scripts: { postinstall: 'patch-package' } }) }, { skip: 'package.json has a `postinstall` script that may need the sources' }],
    ['no package.json', stage(), { 'index.js': '' }, { skip: 'no package.json in the build context' }],
    ['an install of a local folder', stage('npm install ./vendor/sdk'), CONTEXT, { skip: 'the install reads local sources' }],
  ])('%s', (_name, text, files, expected) => {
    expect(manifestsOf(node, text, files)).toEqual(expected);
  });

  // A `file:` dependency is read from the context by the install: it is copied with the manifests.
  it('a dependency on a local tarball', () => {
    const files = { ...CONTEXT, 'package.json': pkg({ dependencies: { sdk: 'file:vendor/sdk-1.0.0.tgz' } }), 'vendor/sdk-1.0.0.tgz': '' };
    expect(manifestsOf(node, stage(), files)).toEqual(expect.arrayContaining(['package.json', 'vendor/sdk-1.0.0.tgz']));
  });
});

describe('plan', () => {
  const app = (from = 'node:20', install = 'npm ci', cmd = 'CMD ["node", "dist/index.js"]', extra: string[] = []): string =>
    dockerfile(`FROM ${from}`, ...extra, 'WORKDIR /app', 'COPY . .', `RUN ${install}`, 'RUN npm run build', cmd);

  it.each<[string, string, Record<string, string> | undefined, Options, { image: string; handover: string[]; prune: string[]; note: string }]>([
    ['slim, the app folder pruned', app(), CONTEXT, {}, { image: 'node:20-slim', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '' }],
    ['an old npm prunes with --production', app('node:14'), CONTEXT, {}, { image: 'node:14-slim', handover: ['/app'], prune: ['RUN npm prune --production'], note: '' }],
    ['pnpm', app('node:20', 'pnpm install --frozen-lockfile'), CONTEXT, {}, { image: 'node:20-slim', handover: ['/app'], prune: ['RUN pnpm prune --prod'], note: '' }],
    ['yarn classic', app('node:20', 'yarn install --frozen-lockfile'), { ...CONTEXT, 'yarn.lock': '# yarn lockfile v1\n' }, {},
      { image: 'node:20-slim', handover: ['/app'], prune: ['RUN yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline'], note: '' }],
    ['a dev dependency the CMD uses is kept', app('node:20', 'npm ci', 'CMD ["npx", "ts-node", "src/index.ts"]'), { ...CONTEXT, 'package.json': pkg({ devDependencies: { 'ts-node': '^10' } }) }, {},
      { image: 'node:20-slim', handover: ['/app'], prune: [], note: '' }],
    ['no context: nothing is pruned', app(), undefined, {}, { image: 'node:20-slim', handover: ['/app'], prune: [], note: '' }],
    ['Alpine stays Alpine', app('node:20-alpine'), CONTEXT, {}, { image: 'node:20-alpine', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '' }],
    ['Bun', app('oven/bun:1', 'bun install'), CONTEXT, {}, { image: 'oven/bun:1-slim', handover: ['/app'], prune: [], note: '' }],
    ['--runtime-base alpine on Alpine', app('node:20-alpine'), CONTEXT, { runtimeBase: 'alpine' }, { image: 'node:20-alpine', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '' }],
    ['--runtime-base alpine on Debian', app(), CONTEXT, { runtimeBase: 'alpine' },
      { image: 'node:20-slim', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
    ['--runtime-base distroless', app(), CONTEXT, { runtimeBase: 'distroless' },
      { image: 'gcr.io/distroless/nodejs20-debian12:nonroot', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '' }],
    ['--runtime-base scratch', app(), CONTEXT, { runtimeBase: 'scratch' },
      { image: 'node:20-slim', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '--runtime-base scratch not used: no such image for this runtime' }],
    ['--runtime-base slim', app(), CONTEXT, { runtimeBase: 'slim' }, { image: 'node:20-slim', handover: ['/app'], prune: ['RUN npm prune --omit=dev'], note: '' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = node.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    const prune = plan.builderAfter.flatMap((i) => i.lines);
    expect({ image: plan.runtime.image, handover: handoverOf(plan, '/app'), prune, note: plan.policyNote }).toEqual(expected);
  });

  it('the prune follows the last install or build', () => {
    const plan = node.plan(factsOf(app(), CONTEXT), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect(plan.builderAfter.map((i) => i.at.line)).toEqual([5]);
  });

  it.each([
    ['system packages, less the build-only ones', app('node:20', 'npm ci', 'CMD ["node", "dist/index.js"]', ['RUN apt-get update && apt-get install -y make g++ libvips-dev ffmpeg']), ['libvips42', 'ffmpeg']],
    ['a -dev package without a known library, kept whole', app('node:20', 'npm ci', 'CMD ["node", "dist/index.js"]', ['RUN apt-get update && apt-get install -y g++ libfoo-dev']), ['libfoo-dev']],
    ['the HEALTHCHECK tool of a full image', app('node:20', 'npm ci', 'HEALTHCHECK CMD curl -f http://localhost:3000/\nCMD ["node", "dist/index.js"]'), ['curl']],
  ])('runtime packages: %s', (_name, text, packages) => {
    expect(node.plan(factsOf(text, CONTEXT), {})).toMatchObject({ runtimePackages: packages });
  });

  // DESIGN §4: python3 installed with make and g++ serves node-gyp, so it is build-only.
  it('python3 for node-gyp stays in the builder', () => {
    const text = app('node:20', 'npm ci', 'CMD ["node", "dist/index.js"]', ['RUN apt-get update && apt-get install -y python3 make g++']);
    expect(node.plan(factsOf(text, CONTEXT), {})).toMatchObject({ runtimePackages: [] });
  });

  it.each([
    ['already slim, nothing built', dockerfile('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "index.js"]'), { skip: 'already on a small Node image and nothing is built', nothing: true }],
    ['a package list this tool cannot read', app('node:20', 'npm ci', 'CMD ["node", "dist/index.js"]', ['RUN apt-get update && apt-get install -y $PKGS']), { skip: expect.stringContaining('cannot tell which packages `$PKGS`') }],
  ])('skips: %s', (_name, text, expected) => {
    expect(node.plan(factsOf(text, CONTEXT), {})).toEqual(expected);
  });

  it('no smaller image known: the same image, without the build (issue 15, pattern 2)', () => {
    const plan = node.plan(factsOf(app('example.com/node:20'), CONTEXT), {});
    expect(plan).toMatchObject({ runtime: { image: 'example.com/node:20' }, handover: ['/app'] });
  });

  it('a full image with nothing built still sheds the toolchain', () => {
    const plan = node.plan(factsOf(dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev', 'CMD ["node", "index.js"]'), CONTEXT), {});
    expect(plan).toMatchObject({ runtime: { image: 'node:20-slim' }, why: 'the app runs without the build toolchain' });
  });
});

describe('test commands and prunes (--test-stage)', () => {
  it.each(['npm test', 'npm t', 'npm run test:unit', 'npm run lint', 'yarn test --ci', 'yarn lint', 'pnpm test', 'pnpm run typecheck', 'bun test'])('`%s` is a test', (shell) => {
    expect(summary(classifyLine(node, shell))?.role).toBe('test');
  });
  it.each(['npm prune --omit=dev', 'npm prune --production', 'pnpm prune --prod', 'npm ci --omit=dev', 'yarn install --production --frozen-lockfile'])('`%s` removes the dev dependencies', (shell) => {
    expect(summary(classifyLine(node, shell))?.prunes).toBe(true);
  });
  it.each(['npm ci', 'yarn install --frozen-lockfile', 'npm run build'])('`%s` does not', (shell) => {
    expect(summary(classifyLine(node, shell))?.prunes).toBeUndefined();
  });
});
