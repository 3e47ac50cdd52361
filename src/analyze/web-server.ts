// A web server installed next to a build (nginx, Apache, Caddy, lighttpd from apt/apk/yum, or the server image
// the file starts from) that serves the build output: the React → nginx pattern of the guides written in one
// stage. What the runtime needs is the server with the same package layout, the config the image received, and
// the folders it serves: those the config names inside the app folder (handed over at the same paths) and
// those the RUNs copied the build output to (copied from the builder like any file put outside the app).
import { copyTarget, isInside, resolvePath } from '../model/paths.ts';
import { baseName } from '../model/shell.ts';
import type { Facts } from './contract.ts';
import { contextCopies } from './context-files.ts';
import type { Distro } from './images.ts';

/** Programs that start a web server in the foreground. */
export const WEB_SERVERS = /^(nginx|httpd|apache2|apache2ctl|apachectl|caddy|lighttpd)$/;

/** Packages of the servers, their modules and their own tools (htpasswd): what the runtime installs again. */
const SERVER_PACKAGE = /^(nginx(-(full|light|extras|core|common))?|libnginx-mod-[\w.-]+|nginx-mod-[\w.-]+|apache2(-[\w.-]+)?|libapache2-mod-[\w.-]+|httpd(-[\w.-]+)?|mod_[\w.-]+|caddy|lighttpd(-mod-[\w.-]+)?)$/;

/** Where each server reads its configuration: files the image receives there are the server's config. */
const CONFIG_DIRS = /^\/(etc\/(nginx|apache2|httpd|caddy|lighttpd)|usr\/local\/apache2\/conf|usr\/local\/etc\/(nginx|caddy))(\/|$)|^\/etc\/caddy\/Caddyfile$/;

/** The folder each distro's package serves when no config says otherwise (null: the default site serves none). */
const DEFAULT_ROOTS: Readonly<Record<string, Partial<Record<Distro, string | null>>>> = {
  nginx: { debian: '/var/www/html', alpine: null, rhel: '/usr/share/nginx/html' },
  apache: { debian: '/var/www/html', alpine: '/var/www/localhost/htdocs', rhel: '/var/www/html' },
  lighttpd: { debian: '/var/www/html', alpine: '/var/www/localhost/htdocs', rhel: '/var/www/lighttpd' },
  caddy: { debian: '/usr/share/caddy', alpine: '/usr/share/caddy', rhel: '/usr/share/caddy' },
};

/** The folder the official server images serve. */
const IMAGE_ROOTS: Readonly<Record<string, string>> = {
  nginx: '/usr/share/nginx/html',
  'nginxinc/nginx-unprivileged': '/usr/share/nginx/html',
  httpd: '/usr/local/apache2/htdocs',
  caddy: '/usr/share/caddy',
};

type Server = 'nginx' | 'apache' | 'caddy' | 'lighttpd';

/** The option each server takes its config file from (Apache's `-c` is a directive, not a file). */
const CONFIG_OPTIONS: Readonly<Record<Server, readonly string[]>> = { nginx: ['-c'], apache: ['-f'], lighttpd: ['-f'], caddy: ['--config', '-c'] };

const serverOf = (program: string): Server =>
  program === 'nginx' ? 'nginx' : program === 'caddy' ? 'caddy' : program === 'lighttpd' ? 'lighttpd' : 'apache';

/** The folders a config file serves from: nginx `root`/`alias`, Apache `DocumentRoot`/`Alias`, Caddy `root`, lighttpd `server.document-root`. */
export function configRoots(text: string): string[] {
  const out: string[] = [];
  const word = (w: string): string => w.replace(/^["']|["']$/g, '').replace(/\/$/, '') || '/';
  const patterns = [
    /^[ \t]*(?:root|alias)[ \t]+("[^"]*"|'[^']*'|[^;\s]+)[ \t]*;/gm, // nginx
    /^[ \t]*DocumentRoot[ \t]+("[^"]*"|\S+)/gim, // Apache
    /^[ \t]*Alias[ \t]+\S+[ \t]+("[^"]*"|\S+)/gim,
    /^[ \t]*root[ \t]+(?:\*[ \t]+|\/\S*[ \t]+)?("[^"]*"|\/[^\s;{}]*)[ \t]*$/gm, // Caddy: `root * /srv`
    /server\.document-root[ \t]*=[ \t]*"([^"]*)"/g, // lighttpd
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(word(m[1]));
  return [...new Set(out)];
}

export interface WebServer {
  /** The program the start command runs (`nginx`, `apache2ctl`). */
  readonly program: string;
  /** The server's packages the stage installs (empty: the base image brings the server). */
  readonly packages: readonly string[];
  /** Folders the server serves, absolute, as far as they can be told. */
  readonly roots: readonly string[];
  /** Config files the image receives from the context (paths in the context), for the message. */
  readonly configs: readonly string[];
  /** Config files the start command names inside the app folder (absolute): the runtime needs them too. */
  readonly appConfigs: readonly string[];
}

/** The web server the start command runs, when it runs nothing else; null otherwise. */
export function startedServer(facts: Pick<Facts, 'entry'>): string | null {
  const words = facts.entry.simple;
  const program = baseName(words?.[0] ?? '');
  return WEB_SERVERS.test(program) ? program : null;
}

/** Is this a package of a web server (the server, its modules, its tools)? */
export const isServerPackage = (pkg: string): boolean => SERVER_PACKAGE.test(pkg);

/**
 * The web server the stage installs and starts, the folders it serves, or why that cannot be told: a config
 * whose roots use variables, or a config copied as a folder that cannot be read.
 */
export function webServer(facts: Facts): WebServer | { skip: string } {
  const program = startedServer(facts);
  if (!program) {
    const text = facts.entry.text.replace(/\s+/g, ' ').trim();
    return { skip: `the start command \`${text.slice(0, 80)}\` runs more than the web server, so what else the runtime needs cannot be told` };
  }
  const server = serverOf(program);
  const packages = [...new Set(facts.runs.flatMap((r) => r.packages.filter((p) => !p.virtual).flatMap((p) => p.packages)))].filter(isServerPackage);
  const configs: string[] = [];
  const roots: string[] = [];
  // Config and folders the start command names itself: `nginx -c /app/nginx.conf`, `caddy file-server --root dist`.
  const args = facts.entry.simple?.slice(1) ?? [];
  const named = (names: readonly string[]): string[] =>
    args.flatMap((a, k) => (names.includes(args[k - 1] ?? '') ? [a] : names.flatMap((n) => (a.startsWith(`${n}=`) ? [a.slice(n.length + 1)] : []))));
  const configArgs = named(CONFIG_OPTIONS[server]).map((c) => resolvePath(c, facts.workdir) ?? c);
  for (const r of server === 'caddy' ? named(['--root', '-r']) : []) {
    const abs = resolvePath(r, facts.workdir);
    if (!abs || abs.includes('$')) return { skip: `\`${program}\` is told to serve \`${r}\`, a folder this tool cannot resolve` };
    roots.push(abs);
  }
  // A config file the command names inside the app folder goes to the runtime with the served folders.
  const appConfigs = configArgs.filter((c) => facts.inApp(c));
  for (const [path, { source }] of contextCopies(facts.stage, facts.project)) {
    if (!CONFIG_DIRS.test(path) && !configArgs.includes(path)) continue;
    const text = facts.project.read(source);
    if (text === undefined) continue;
    configs.push(source);
    for (const root of configRoots(text)) {
      if (root.includes('$') || !root.startsWith('/')) return { skip: `${source} serves \`${root}\`, a folder this tool cannot resolve` };
      roots.push(root);
    }
  }
  // A config copied in that cannot be read (no build context, a source not in it): the folders it serves are unknown.
  const read = new Set([...contextCopies(facts.stage, facts.project).values()].filter((c) => facts.project.read(c.source) !== undefined).map((c) => c.ins));
  const unread = facts.stage.instructions.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((f) => f.name.toLowerCase() === 'from') && CONFIG_DIRS.test(copyTarget(i, facts.workdirAt.get(i) ?? null) ?? '') && !read.has(i));
  if (unread) return { skip: `cannot read the server config the ${unread.keyword} at line ${unread.line} puts in the image (not in the build context), so the folders it serves are unknown` };
  if (!roots.length) {
    const image = IMAGE_ROOTS[facts.base.repo];
    const own = packages.length ? DEFAULT_ROOTS[server][facts.distro] : image;
    if (own) roots.push(own);
  }
  return { program, packages, roots: [...new Set(roots)], configs, appConfigs };
}

/** The served folders inside the app folder (the app folder itself when a root contains it): handed over as they are. */
export function servedInApp(facts: Pick<Facts, 'appDir' | 'inApp'>, roots: readonly string[]): string[] {
  const app = facts.appDir;
  if (!app) return [];
  const out = roots.flatMap((r) => (facts.inApp(r) ? [r] : isInside(app, r) ? [app] : []));
  return [...new Set(out)].filter((p, _, all) => !all.some((o) => o !== p && isInside(p, o)));
}
