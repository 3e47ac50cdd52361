// Static front ends: a Node build served by a web server in the same image. The commands are Node's; the
// plan keeps a Node static server (as a Node app) or, with --static-server nginx, hands the served folder to nginx.
import { describe, expect, it } from 'vitest';
import { node } from '../../../src/analyze/ecosystems/node.ts';
import { staticSite } from '../../../src/analyze/ecosystems/static.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, installOf, handoverOf } from './helpers.ts';

const PKG = JSON.stringify({ name: 'web', scripts: { build: 'vite build' }, devDependencies: { vite: '^5' } });
const CONTEXT = { 'package.json': PKG, 'package-lock.json': '{}', 'src/main.ts': '' };
const site = (cmd = 'CMD ["npx", "serve", "-s", "dist", "-l", "3000"]', from = 'node:20', extra: string[] = []): string =>
  dockerfile(`FROM ${from}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', ...extra, cmd);

describe('classify', () => {
  // The static front end claims no command: its builds are Node's, asked of the Node module.
  it.each([
    ['npm ci', 'dep-install'],
    ['npm run build', 'build'],
    ['npm install -g serve', 'system-config'],
    ['npx vite build', 'build'],
  ])('`%s` is left to Node (%s)', (shell, role) => {
    expect(classifyLine(staticSite, shell)).toBeNull();
    const [command] = factsOf(dockerfile('FROM node:20', 'WORKDIR /app', `RUN ${shell}`)).runs[0].commands;
    expect({ owner: command.owner?.id, role: command.role }).toEqual({ owner: 'node', role });
  });

  it.each(['nginx -g "daemon off;"', 'serve -s dist', 'cp -r dist /usr/share/nginx/html', 'go build -o /app .'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(staticSite, shell)).toBeNull();
  });
});

describe('detect', () => {
  it.each([
    ['a Node build and a Node static server', site(), 'static', 'npm'],
    ['yarn and http-server', dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN yarn install && yarn build', 'CMD ["http-server", "dist"]'), 'static', 'yarn'],
    ['an npm script that starts serve', site('CMD ["npm", "start"]'), 'static', 'npm'],
    ['a web server started next to the build', site('CMD ["nginx", "-g", "daemon off;"]'), 'static', 'npm'],
    ['a server image that only receives files', dockerfile('FROM nginx:alpine', 'COPY dist/ /usr/share/nginx/html/'), 'static', 'none'],
    // Not a static front end: a Node server, or a server image that builds without starting a server itself.
    ['a Node server', site('CMD ["node", "dist/server.js"]'), 'node', 'npm'],
    ['a server image that builds', dockerfile('FROM nginx:alpine', 'RUN npm ci && npm run build'), 'node', 'npm'],
    // PHP is asked first: Laravel assets built with npm and served by Apache stay a PHP image.
    ['php before static', site('CMD ["apache2-foreground"]', 'php:8.2-apache'), 'php', 'composer'],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text, { 'package.json': JSON.stringify({ scripts: { start: 'serve -s dist' } }) });
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  it('are the Node manifests', () => {
    expect(staticSite.manifests).toBe(node.manifests);
  });

  it.each([
    ['no context', undefined, ['package*.json']],
    ['with a context', CONTEXT, ['package.json', 'package-lock.json']],
    ['a prepare script', { ...CONTEXT, 'package.json': JSON.stringify({ scripts: { prepare: 'husky install' } }) }, { skip: expect.stringContaining('`prepare` script') }],
  ])('%s', (_name, files, expected) => {
    // The installs belong to Node, which the stage's static front end asks the same question.
    const facts = factsOf(dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN npm run build', 'CMD ["npx", "serve", "-s", "dist"]'), files);
    expect(facts.ecosystem?.id).toBe('static');
    const { run, install } = installOf(facts, node);
    expect(staticSite.manifests(facts, run, install)).toEqual(expected);
  });
});

describe('plan', () => {
  const NGINX = { staticServer: 'nginx' } as const;

  it.each<[string, string, Options, { image: string; handover: string[]; note: string }]>([
    ['by default the Node server is kept, as a Node app', site(), {}, { image: 'node:20-slim', handover: ['/app'], note: '' }],
    ['--static-server nginx: the served folder only', site(), NGINX, { image: 'nginxinc/nginx-unprivileged:stable', handover: ['/app/dist'], note: '' }],
    ['--static-server nginx on Alpine', site(undefined, 'node:20-alpine'), NGINX, { image: 'nginxinc/nginx-unprivileged:stable-alpine', handover: ['/app/dist'], note: '' }],
    ['--static-server nginx, --runtime-base alpine', site(), { ...NGINX, runtimeBase: 'alpine' }, { image: 'nginxinc/nginx-unprivileged:stable-alpine', handover: ['/app/dist'], note: '' }],
    ['--static-server nginx, --runtime-base slim', site(), { ...NGINX, runtimeBase: 'slim' }, { image: 'nginxinc/nginx-unprivileged:stable', handover: ['/app/dist'], note: '' }],
    ...(['distroless', 'scratch'] as const).map((p): [string, string, Options, { image: string; handover: string[]; note: string }] => [
      `--static-server nginx, --runtime-base ${p}`, site(), { ...NGINX, runtimeBase: p },
      { image: 'nginxinc/nginx-unprivileged:stable', handover: ['/app/dist'], note: `--runtime-base ${p} not used: no such image for this runtime` },
    ]),
    ['the Node server kept, --runtime-base alpine', site(), { runtimeBase: 'alpine' }, { image: 'node:20-slim', handover: ['/app'], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
  ])('%s', (_name, text, options, expected) => {
    const plan = staticSite.plan(factsOf(text, CONTEXT), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: options.staticServer ? plan.handover : handoverOf(plan, '/app'), note: plan.policyNote }).toEqual(expected);
  });

  it('nginx replaces the start command and port, and serves the folder the same way', () => {
    const facts = factsOf(site('EXPOSE 3000\nCMD ["npx", "serve", "-s", "dist", "-l", "3000"]'), CONTEXT);
    const plan = staticSite.plan(facts, NGINX);
    if ('skip' in plan) expect.fail(plan.skip);
    expect(plan.handoverTo).toEqual({ '/app/dist': '/usr/share/nginx/html' });
    expect(plan.ownServer?.replaced.map((i) => i.keyword)).toEqual(['EXPOSE', 'CMD']);
    expect(plan.ownServer?.lines).toEqual(['EXPOSE 8080']);
    expect(plan.runtimeEnv).toHaveLength(1);
    expect(plan.runtimeEnv[0]).toContain('try_files $uri $uri/ /index.html;');
    expect(plan.runtimePackages).toEqual([]);
  });

  it.each([
    ['a server image that builds nothing', dockerfile('FROM nginx:alpine', 'COPY dist/ /usr/share/nginx/html/'), {}, { skip: expect.stringContaining('nothing is built here'), nothing: true }],
    ['a web server in the same image', site('CMD ["nginx", "-g", "daemon off;"]'), {}, { skip: expect.stringContaining('served by a web server installed in the same image') }],
    ['nginx: a HEALTHCHECK of the Node server', site('HEALTHCHECK CMD curl -f http://localhost:3000/\nCMD ["npx", "serve", "-s", "dist"]'), NGINX,
      { skip: '--static-server nginx: the HEALTHCHECK at line 5 checks the Node server (its port and tools)' }],
    ['nginx: serve without a folder', site('CMD ["npx", "serve", "-s"]'), NGINX, { skip: expect.stringContaining('names no folder') }],
    ['nginx: system setup for the Node image', site(undefined, 'node:20', ['RUN apt-get update && apt-get install -y curl && useradd web']), NGINX, { skip: expect.stringContaining('system setup at line 5') }],
  ])('skips: %s', (_name, text, options, expected) => {
    expect(staticSite.plan(factsOf(text, CONTEXT), options)).toEqual(expected);
  });

  it('a Node static server on an image of no smaller counterpart keeps that image (issue 15, pattern 2)', () => {
    expect(staticSite.plan(factsOf(site(undefined, 'example.com/node:20'), CONTEXT), {})).toMatchObject({ runtime: { image: 'example.com/node:20' } });
  });
});
