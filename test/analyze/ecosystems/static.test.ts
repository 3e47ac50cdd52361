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
    ['a web server that serves nothing the build made', site('CMD ["nginx", "-g", "daemon off;"]'), {}, { skip: expect.stringContaining('the build output does not reach what `nginx` serves') }],
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

// Issue 15, pattern 4: a web server installed next to the build. The runtime is the same distro release with
// only the server (its package layout and default site as in the original), the folders it serves, and the
// config the image received.
describe('plan: a web server installed next to the build', () => {
  const web = (from: string, install: string, extra: string[], cmd = 'CMD ["nginx", "-g", "daemon off;"]'): string =>
    dockerfile(`FROM ${from}`, `RUN ${install}`, 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', ...extra, 'EXPOSE 80', cmd);
  const APT = 'apt-get update && apt-get install -y nginx curl && rm -rf /var/lib/apt/lists/*';
  const CP = 'RUN cp -r dist/* /var/www/html/';
  const conf = (root: string): Record<string, string> => ({ ...CONTEXT, 'site.conf': `server {\n  listen 80;\n  root ${root};\n}\n` });
  const SITE = 'COPY site.conf /etc/nginx/conf.d/default.conf';

  it.each<[string, string, Record<string, string>, { image: string; packages: string[]; handover: string[]; builderOnly?: number[]; caveat?: boolean }]>([
    ['apt nginx on a Node image naming its release, build output copied to the default root', web('node:20-bookworm', APT, [CP]), CONTEXT,
      { image: 'debian:bookworm-slim', packages: ['nginx'], handover: ['/var/www/html'] }],
    ['a Node image naming no release: the newest Debian, with a caveat', web('node:20', APT, [CP]), CONTEXT,
      { image: 'debian:trixie-slim', packages: ['nginx'], handover: ['/var/www/html'], caveat: true }],
    ['a HEALTHCHECK with curl keeps curl', web('node:20-bookworm', APT, [CP, 'HEALTHCHECK CMD curl -f http://localhost/']), CONTEXT,
      { image: 'debian:bookworm-slim', packages: ['nginx', 'curl'], handover: ['/var/www/html'] }],
    ['the config names a folder of the app: handed over in place', web('debian:12', 'apt-get update && apt-get install -y nodejs npm nginx', [SITE]), conf('/app/dist'),
      { image: 'debian:12-slim', packages: ['nginx'], handover: ['/app/dist'] }],
    ['the config serves the app folder itself', web('debian:12', 'apt-get update && apt-get install -y nodejs npm nginx', [SITE]), conf('/app'),
      { image: 'debian:12-slim', packages: ['nginx'], handover: ['/app'] }],
    ['Ubuntu keeps its release', web('ubuntu:22.04', 'apt-get update && apt-get install -y nodejs npm apache2 libapache2-mod-php', ['RUN cp -r dist/. /var/www/html/'], 'CMD ["apache2ctl", "-D", "FOREGROUND"]'), CONTEXT,
      { image: 'ubuntu:22.04', packages: ['apache2', 'libapache2-mod-php'], handover: ['/var/www/html'] }],
    ['apk nginx on Node Alpine: the Alpine release', web('node:20-alpine3.19', 'apk add --no-cache nginx', ['RUN cp -r dist/* /usr/share/nginx/html/']), CONTEXT,
      { image: 'alpine:3.19', packages: ['nginx'], handover: ['/usr/share/nginx/html'] }],
    ['Caddy from apk serving the app\'s folder', web('alpine:3.19', 'apk add nodejs npm caddy', ['COPY Caddyfile /etc/caddy/Caddyfile'], 'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile"]'),
      { ...CONTEXT, Caddyfile: ':80 {\n\troot * /app/build\n\tfile_server\n}\n' }, { image: 'alpine:3.19', packages: ['caddy'], handover: ['/app/build'] }],
    ['lighttpd, default root of Debian', web('debian:bookworm', 'apt-get update && apt-get install -y nodejs npm lighttpd', [CP], 'CMD ["lighttpd", "-D", "-f", "/etc/lighttpd/lighttpd.conf"]'), CONTEXT,
      { image: 'debian:bookworm-slim', packages: ['lighttpd'], handover: ['/var/www/html'] }],
    ['the server image as the base: itself, without Node', web('nginx:1.25-alpine', 'apk add --no-cache nodejs npm', ['RUN cp -r dist/* /usr/share/nginx/html/']), CONTEXT,
      { image: 'nginx:1.25-alpine', packages: [], handover: ['/usr/share/nginx/html'] }],
    ['emptying the default root and a global Node tool stay in the builder', web('node:20-bookworm', APT, ['RUN npm install -g serve', 'RUN rm -rf /var/www/html/*', CP]), CONTEXT,
      { image: 'debian:bookworm-slim', packages: ['nginx'], handover: ['/var/www/html'], builderOnly: [6, 7] }],
    ['NodeSource stays in the builder', web('ubuntu:22.04', 'apt-get update && apt-get install -y nginx', ['RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash - && apt-get install -y nodejs', CP]), CONTEXT,
      { image: 'ubuntu:22.04', packages: ['nginx'], handover: ['/var/www/html'], builderOnly: [6] }],
  ])('%s', (_name, text, files, expected) => {
    const plan = staticSite.plan(factsOf(text, files), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect(plan.runtime.image).toBe(expected.image);
    expect(plan.runtimePackages).toEqual(expected.packages);
    expect(plan.handover).toEqual(expected.handover);
    expect((plan.builderOnly ?? []).map((i) => i.line)).toEqual(expected.builderOnly ?? []);
    expect((plan.runtime.caveats ?? []).length > 0).toBe(expected.caveat ?? false);
  });

  it.each([
    ['a start command that runs more than the server', web('node:20', APT, [CP], 'CMD node api.js & nginx -g "daemon off;"'), CONTEXT, 'runs more than the web server'],
    ['a config root this tool cannot resolve', web('node:20', APT, [SITE]), conf('$WEB_ROOT'), 'a folder this tool cannot resolve'],
    ['the build output is not copied where the config serves', web('node:20', APT, [SITE]), conf('/srv/www'), 'the build output does not reach what `nginx` serves (/srv/www)'],
    ['a config that cannot be read (no context)', web('node:20', APT, [SITE]), undefined, 'cannot read the server config'],
  ])('skips: %s', (_name, text, files, why) => {
    const plan = staticSite.plan(factsOf(text, files), {});
    expect('skip' in plan ? plan.skip : 'converted').toContain(why);
  });
});

describe('plan: what the web server\'s command line names', () => {
  const files = { ...CONTEXT, 'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n    root /app/dist;\n  }\n}\n' };
  it.each<[string, string, Record<string, string>, string[]]>([
    ['nginx -c a config in the app folder: the config and the folder it serves', dockerfile('FROM node:20-bookworm', 'RUN apt-get update && apt-get install -y nginx', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["nginx", "-c", "/app/nginx.conf", "-g", "daemon off;"]'), files, ['/app/dist', '/app/nginx.conf']],
    ['caddy file-server --root', dockerfile('FROM alpine:3.19', 'RUN apk add nodejs npm caddy', 'WORKDIR /srv', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["caddy", "file-server", "--root", "dist", "--listen", ":8080"]'), CONTEXT, ['/srv/dist']],
  ])('%s', (_name, text, ctx, handover) => {
    const plan = staticSite.plan(factsOf(text, ctx), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect(plan.handover).toEqual(handover);
  });
});
