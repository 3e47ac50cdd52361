// Static front ends: files built by a Node build (or copied in prebuilt) and served by a web server in the same
// image. By default the original server is kept: a Node server (`serve`, `http-server`) converts like any Node
// app; a web server installed next to the build (nginx, Apache, Caddy, lighttpd) gets a runtime of the same
// distro release with only the server, its config and the folders it serves (../web-server.ts).
// With `--static-server nginx` a Node static server is replaced by nginx-unprivileged, which receives only the
// folder the server served, with a config that serves it the same way (DESIGN.md §4, "static front end").
import { msg } from '../../messages.ts';
import type { Instruction } from '../../model/model.ts';
import { copyTarget } from '../../model/paths.ts';
import { baseName, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CommandFacts, Ecosystem, Facts, Outcome, RunFacts, SplitPlan } from '../contract.ts';
import { isOfficial } from '../images.ts';
import { isInside } from '../../model/paths.ts';
import { toolsNeeded } from '../packages.ts';
import { runtimeBase, serverBase } from '../runtime-base.ts';
import { NODE_SERVERS, nodeServerCall, nodeStaticServer, type NodeStaticServer } from '../static-server.ts';
import { isServerPackage, servedInApp, WEB_SERVERS, webServer } from '../web-server.ts';
import { node } from './node.ts';

const SERVER_IMAGES = ['nginx', 'httpd', 'caddy', 'nginxinc/nginx-unprivileged', 'bitnami/nginx'];
/** Where nginx-unprivileged serves from, and the port it listens on as user nginx (101). */
const NGINX_ROOT = '/usr/share/nginx/html';
const NGINX_PORT = 8080;

/** The server the CMD starts: a Node static server, a web server, or none. */
function server(facts: Facts): 'node' | 'web' | null {
  const words = facts.entry.words;
  if (words.some((w) => NODE_SERVERS.test(baseName(w))) || nodeServerCall(facts)) return 'node';
  if (words.some((w) => WEB_SERVERS.test(baseName(w)))) return 'web';
  return null;
}

const isServerImage = (facts: Pick<Facts, 'base'>): boolean => SERVER_IMAGES.some((r) => facts.base.repo === r);
const builds = (facts: Pick<Facts, 'runs'>): boolean => facts.runs.some((r) => r.commands.some((c) => c.role === 'build'));

function detect(facts: Facts): string | null {
  if (isServerImage(facts) && !facts.runs.some((r) => r.role === 'build' || r.role === 'dep-install')) return 'none';
  // The build check first: it is cheap, and most stages build nothing a server could serve.
  if (!builds(facts) || !server(facts)) return null;
  return node.detect(facts);
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  if (facts.packageManager === 'none') return { skip: 'the server image receives files built outside the image: nothing is built here', nothing: true };
  const s = server(facts);
  if (s === 'web') return webServerPlan(facts, options);
  if (options.staticServer === 'nginx') return nginxPlan(facts, options);
  // A Node static server runs like any Node app: the Node conversion keeps it (Node from the distro included).
  return node.plan(facts, options);
}

/** Setup that installs Node itself from outside the distro (NodeSource, Yarn's apt source, nvm): the build's only. */
const NODE_SETUP = /nodesource|yarnpkg|\bnvm\b|get\.pnpm\.io|bun\.sh\/install|\bcorepack\b/;

const FILE_EDITS = /^(rm|cp|mv|mkdir|rmdir|install|ln)$/;

/**
 * A web server installed next to the build: the runtime is the same distro release with only the server's
 * packages, the config the image received (COPYs and RUNs under /etc replayed as for any split), and the folders
 * it serves: those the config names inside the app folder handed over, those the RUNs copied the build output to
 * copied from the builder. Node and everything that set it up stay in the builder.
 */
function webServerPlan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const web = webServer(facts);
  if ('skip' in web) return web;
  const inApp = servedInApp(facts, web.roots);
  // Where the RUNs put files outside the app folder: the build output copied to a web root.
  const placed = [...new Set(facts.runs.flatMap((r) => r.runtime.copies))].filter((p) => !facts.inApp(p));
  const served = placed.filter((p) => web.roots.length === 0 || web.roots.some((r) => isInside(p, r) || isInside(r, p)));
  if (!inApp.length && !served.length) {
    const where = web.roots.length ? web.roots.join(', ') : 'no folder this tool can tell';
    return { skip: `the build output does not reach what \`${web.program}\` serves (${where}): no RUN copies it there and the config names no folder of the app` };
  }
  const fromBase = web.packages.length === 0;
  const choice = fromBase ? runtimeBase(facts.base, 'same-image', options.runtimeBase, { shell: true }) : serverBase(facts.base, options.runtimeBase, { shell: true, packages: true });
  if ('skip' in choice) return choice;
  const roots = [...web.roots, ...served];
  // Edits of the served folders (emptied, filled) reach the runtime with the copy of the folder.
  const rootEdit = (c: CommandFacts): boolean =>
    FILE_EDITS.test(c.command.base) && c.command.args.filter((a) => a.startsWith('/')).length > 0 && c.command.args.filter((a) => a.startsWith('/')).every((a) => roots.some((r) => isInside(a.replace(/\/?\*$/, ''), r)));
  // Node installed from outside the distro (an installer, a package source) is the build's, unless the same RUN
  // also installs the server.
  const nodeSetup = (r: RunFacts): boolean => NODE_SETUP.test(r.ins.args) && !r.packages.some((p) => p.packages.some(isServerPackage));
  const builderOnly = facts.runs
    .filter((r) => r.runtime.replay !== 'none' || r.runtime.sameBase !== null || r.runtime.sources.length > 0)
    .filter((r) => ((r.runtime.sameBase === null && r.runtime.sources.length === 0) || nodeSetup(r)) && r.commands.every((c) => c.role !== 'system-config' || (c.installer && nodeSetup(r)) || nodeToolOnly(c) || rootEdit(c)))
    .map((r) => r.ins);
  // What the original emptied in a served folder (the package's default page) is emptied before the copy too.
  const emptied = served.filter((p) => facts.runs.some((r) => r.commands.some((c) => c.command.base === 'rm' && c.command.args.some((a) => isInside(a.replace(/\/?\*$/, ''), p)))));
  // Tools the start command or HEALTHCHECK calls (curl): installed again unless the runtime is the image that had them.
  const installed = new Set(facts.runs.flatMap((r) => r.packages.flatMap((p) => p.packages)));
  const tools = toolsNeeded(facts.entry).filter((t) => choice.image !== facts.base.raw || installed.has(t));
  const rels = inApp.map((p) => (p === facts.appDir ? `the app folder ${p}` : p));
  return {
    runtime: choice,
    policyNote: choice.note,
    why: fromBase
      ? `the server image without Node and the build: \`${web.program}\` serves the build output`
      : `the same distro with only ${web.packages.join(', ')}: \`${web.program}\` serves the build output`,
    builderBefore: [],
    builderAfter: [],
    handover: [...inApp, ...served, ...web.appConfigs.filter((c) => !inApp.some((d) => isInside(c, d)))],
    builtFrom: `\`${web.program}\` serves only ${[...rels, ...served].join(', ')}`,
    ...(inApp.includes(facts.appDir ?? '\0') ? { wholeFolder: `\`${web.program}\` serves the app folder itself` } : {}),
    runtimeEnv: emptied.map((p) => `RUN rm -rf ${p}`),
    runtimeEnvReason: msg('split-server-root', { dirs: emptied.join(', ') }),
    builderOnly,
    runtimePackages: [...new Set([...web.packages, ...tools])],
  };
}

/** A global install of Node tools (the server itself, a package manager): nothing nginx can use. */
const nodeToolOnly = (c: CommandFacts): boolean =>
  c.role === 'neutral' || (c.role === 'system-config' && (c.note === 'global install' || c.command.base === 'corepack'));

/** `--static-server nginx`: nginx-unprivileged serves the folder the Node server served, and nothing else. */
function nginxPlan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const served = nodeStaticServer(facts);
  if ('skip' in served) return { skip: `--static-server nginx: ${served.skip}` };
  const why = (text: string) => ({ skip: `--static-server nginx: ${text}` });
  const health = facts.stage.instructions.find((i) => i.keyword === 'HEALTHCHECK' && !/^\s*NONE/i.test(i.args));
  if (health) return why(`the HEALTHCHECK at line ${health.line} checks the Node server (its port and tools)`);
  // System setup was made for the Node server's image; global installs of Node tools stay in the builder.
  const setup = facts.runs.filter((r) => r.role === 'system-config');
  const foreign = setup.find((r) => !r.commands.every(nodeToolOnly));
  if (foreign) return why(`the system setup at line ${foreign.ins.line} was made for the Node image and may be needed at run time`);
  const outside = facts.stage.instructions.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !copiedIntoApp(i, facts));
  if (outside) return why(`the ${outside.keyword} at line ${outside.line} puts files outside the app folder, which nginx would not get`);
  const choice = runtimeBase(facts.base, 'static-files', options.runtimeBase, { shell: true });
  if ('skip' in choice) return choice;
  // An EXPOSE that already names nginx's port stays (moved like any other); the start command and other ports go.
  const samePort = (i: Instruction): boolean => i.keyword === 'EXPOSE' && i.args.trim().replace(/\/tcp$/i, '') === String(NGINX_PORT);
  const exposed = facts.stage.instructions.some(samePort);
  const replaced = facts.stage.instructions.filter((i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'EXPOSE') && !samePort(i));
  const rel = served.dir.slice((facts.appDir ?? '').length + 1);
  return {
    runtime: choice,
    policyNote: choice.note,
    why: `nginx serves the build output ${rel}/ in place of \`${served.name}\` (--static-server nginx), as the image's own user nginx`,
    builderBefore: [],
    builderAfter: [],
    handover: [served.dir],
    builtFrom: 'nginx serves only the build output',
    handoverTo: { [served.dir]: NGINX_ROOT },
    runtimeEnv: [configLine(served)],
    runtimeEnvReason: msg('split-server-config', { dir: `${rel}/`, server: served.name, how: howServed(served) }),
    builderOnly: setup.map((r) => r.ins),
    ownServer: { replaced, lines: exposed ? [] : [`EXPOSE ${NGINX_PORT}`], reason: msg('split-server-port', { port: NGINX_PORT }) },
    runtimePackages: [],
  };
}

/** A COPY/ADD from the context into the app folder (a copy from another stage or image is not the app's). */
function copiedIntoApp(ins: Instruction, facts: Facts): boolean {
  return !ins.flags.some((f) => f.name.toLowerCase() === 'from') && facts.inApp(copyTarget(ins, facts.workdirAt.get(ins) ?? null));
}

/**
 * The server block, written by printf in a RUN (nginx-unprivileged lets its user write /etc/nginx): a
 * `COPY <<EOF` heredoc would read better but needs Docker 23+, and the legacy builder of Docker 20.10 rejects it.
 * Both Node servers find `/page` as page.html (serve's clean URLs, http-server's default extension) and answer
 * a missing file with 404.html; `serve -s` rewrites every path that is not a file to /index.html first (checked
 * with serve 14: `/about` gets index.html even next to about.html).
 */
function configLine(s: NodeStaticServer): string {
  const tries = s.spa ? '$uri $uri/ /index.html' : '$uri $uri.html $uri/ =404';
  const lines = [
    'server {',
    `    listen ${NGINX_PORT};`,
    `    root ${NGINX_ROOT};`,
    ...(s.spa ? [] : ['    error_page 404 /404.html;']),
    `    location / { try_files ${tries}; }`,
    '}',
  ];
  return `RUN printf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')} > /etc/nginx/conf.d/default.conf`;
}

const howServed = (s: NodeStaticServer): string =>
  s.spa ? 'every path that is not a file answers with /index.html (single-page app)' : '/page finds page.html, a missing file gets 404.html';

const classify = (_cmd: Command): null => null;

export const staticSite: Ecosystem = { id: 'static', classify, commands: /(?!)/, detect, manifests: node.manifests, plan };
