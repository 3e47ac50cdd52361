// PHP with Composer. Manifests: composer.json + composer.lock (+ auth.json). The builder runs `composer install`
// with composer, git, unzip and the extension build deps; the runtime is the original php image (apache, fpm,
// cli) and receives the app folder with vendor/, the compiled extensions and their ini files, and the runtime
// libraries of the -dev packages the extensions were built against. Servers there run requests as www-data.
import { baseName, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, Ecosystem, Facts, Outcome, SplitPlan } from '../contract.ts';
import { isOfficial, type ImageRef } from '../images.ts';
import { appHandover, unfollowedBuild } from '../handover.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { contextPaths, expandFolders } from '../local-refs.ts';
import { readJson } from '../project.ts';
import { runtimeBase } from '../runtime-base.ts';
import { appOwner } from '../runtime-needs.ts';

/** Where docker-php-ext-install and pecl put extensions, and where docker-php-ext-enable writes their ini. */
const EXTENSIONS = ['/usr/local/lib/php/extensions', '/usr/local/etc/php/conf.d'];
const EXT_TOOLS = /^(docker-php-ext-install|docker-php-ext-configure|docker-php-ext-enable|docker-php-source|pecl|pear|install-php-extensions)$/;
const SERVER_CONFIG = /^(a2enmod|a2dismod|a2ensite|a2dissite|a2enconf|a2disconf|phpenmod|phpdismod)$/;
/** Helpers composer uses to fetch and unpack packages: not needed once vendor/ exists. */
const COMPOSER_HELPERS = new Set(['unzip', 'zip', 'p7zip', 'p7zip-full', '7zip', 'subversion', 'mercurial']);
/** Test runners and static checkers (also run as `php vendor/bin/phpunit`). */
const PHP_TESTERS = /^(phpunit|pest|phpstan|psalm|phpcs|php-cs-fixer|paratest|codecept)$/;
const COMPOSER_VALUE_OPTS = ['-d', '--working-dir', '--prefer-install', '--ignore-platform-req'];

function classify(cmd: Command): Classified | null {
  const name = cmd.base;
  if (name === 'composer' || name === 'composer.phar') {
    const [sub] = positional(cmd.args, COMPOSER_VALUE_OPTS);
    if (sub === 'install' || sub === 'i' || sub === 'update' || sub === 'u') return { command: cmd, role: 'dep-install', note: 'composer', readsSources: sub !== 'install' && sub !== 'i' };
    if (sub === 'require' || sub === 'remove' || sub === 'create-project') return { command: cmd, role: 'dep-install', note: 'composer', readsSources: true };
    if (sub === 'global') return { command: cmd, role: 'build', note: 'composer global' };
    if (sub === 'test' || ((sub === 'run-script' || sub === 'run') && /^(test|lint|check|phpstan|psalm)(:|$)/.test(positional(cmd.args, COMPOSER_VALUE_OPTS)[1] ?? ''))) return { command: cmd, role: 'test' };
    if (sub === 'dump-autoload' || sub === 'dumpautoload' || sub === 'run-script' || sub === 'run') return { command: cmd, role: 'build' };
    return { command: cmd, role: 'neutral' }; // config, self-update, diagnose, clear-cache, --version
  }
  if (PHP_TESTERS.test(name)) return { command: cmd, role: 'test' };
  if (/^php[\d.]*$/.test(name) && (PHP_TESTERS.test(baseName(cmd.args[0] ?? '')) || (cmd.args[0] === 'artisan' && cmd.args[1] === 'test'))) return { command: cmd, role: 'test' };
  if (EXT_TOOLS.test(name)) return { command: cmd, role: 'build', note: 'php-ext' };
  if (SERVER_CONFIG.test(name)) return { command: cmd, role: 'system-config' };
  // The composer installer (`curl ... getcomposer.org/installer | php`) only serves the builder.
  if ((name === 'curl' || name === 'wget') && cmd.args.some((a) => /getcomposer\.org/.test(a))) return { command: cmd, role: 'build', note: 'composer-setup' };
  if (/^php[\d.]*$/.test(name)) return { command: cmd, role: 'build', note: cmd.args.some((a) => /composer-setup|--install-dir/.test(a)) ? 'composer-setup' : undefined };
  return null;
}

function detect(facts: Facts): string | null {
  for (const run of facts.runs) for (const c of run.commands) if (c.note === 'composer') return 'composer';
  return isOfficial(facts.base, 'php') ? 'composer' : null;
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  const installs = [install];
  if (installs.some((c) => c.readsSources)) return { skip: '`composer update`/`require` changes the manifests' };
  if (!facts.project.known) return { skip: 'no build context: cannot tell whether composer scripts need the sources' };
  const json = readJson(facts.project, 'composer.json');
  if (!json) return { skip: 'no composer.json in the build context' };
  const args = installs.flatMap((c) => c.command.args);
  // Install scripts (Laravel's `artisan package:discover`) and an optimized autoloader read the sources.
  const scripts = Object.keys((json.scripts ?? {}) as Record<string, unknown>).filter((k) => /^(pre|post)-(install|autoload|update)/.test(k));
  if (scripts.length && !args.includes('--no-scripts')) return { skip: `composer.json runs \`${scripts[0]}\` scripts, which need the sources` };
  const autoload = (json.autoload ?? {}) as Record<string, unknown>;
  const scans = args.some((a) => /^(-o|-a|--optimize-autoloader|--classmap-authoritative|--apcu-autoloader)$/.test(a)) || 'classmap' in autoload;
  if (scans && !args.includes('--no-autoloader')) return { skip: 'the autoloader is generated from the sources (classmap or --optimize-autoloader)' };
  const local = pathRepositories(facts, json);
  if ('skip' in local) return local;
  return [...['composer.json', 'composer.lock', 'auth.json'].filter((f) => facts.project.exists(f)), ...local];
}

/** Folders of composer `path` repositories (`{"type": "path", "url": "packages/*"}`), which the install links or copies. */
function pathRepositories(facts: Facts, json: Record<string, unknown>): Outcome<string[]> {
  const repos = json.repositories;
  const list = Array.isArray(repos) ? repos : repos && typeof repos === 'object' ? Object.values(repos) : [];
  const out: string[] = [];
  for (const r of list as { type?: unknown; url?: unknown }[]) {
    if (r?.type !== 'path' || typeof r.url !== 'string') continue;
    const folders = expandFolders(facts.project, r.url);
    if (!folders) return { skip: `composer.json's path repository \`${r.url}\` is not expanded by this tool` };
    const paths = contextPaths(facts.project, 'composer.json', folders);
    if ('skip' in paths) return paths;
    out.push(...paths);
  }
  return out;
}

/** COPY --from=<image> of composer or the extension installer: tools for the builder only. */
function toolCopies(facts: Facts): Facts['stage']['instructions'] {
  return facts.stage.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name.toLowerCase() === 'from' && /composer|php-extension-installer/.test(f.value ?? '')));
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  if (base.dynamic) return { skip: `PHP on \`${base.raw}\`: only the official php images are kept as the runtime` };
  // Another image (an OS with PHP from its packages, a PHP server image): no smaller image is known, so the
  // runtime is that same image without composer and the build packages (pattern 2). Only the official images
  // say where compiled extensions land.
  const official = isOfficial(base, 'php');
  const commands = facts.runs.flatMap((r) => r.commands);
  const composer = commands.some((c) => c.note === 'composer');
  if (!composer && !facts.system.buildOnly) return { skip: 'no composer install and no build-only packages: the image already is the runtime', nothing: true };
  const entry = facts.entry.words;
  if (entry.some((w) => /^composer(\.phar)?$/.test(baseName(w)))) return { skip: 'the CMD runs composer, which the runtime would lack' };
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const choice = runtimeBase(base, 'same-image', options.runtimeBase, { shell: true });
  if ('skip' in choice) return choice;
  const owner = appOwner(facts);
  if (owner === undefined) return { skip: 'the app folder is given to more than one owner' };
  // vendor/ is handed over from the app folder: composer must have run there.
  const elsewhere = facts.runs.find((r) => {
    const at = r.commands.findIndex((c) => c.note === 'composer');
    if (at === -1) return false;
    const moved = r.commands.slice(0, at).some((c) => c.command.base === 'cd') || r.commands[at].command.args.some((a) => /^(-d|--working-dir)(=|$)/.test(a));
    return moved || r.workdir !== facts.appDir;
  });
  if (elsewhere) return { skip: `composer runs outside the app folder at line ${elsewhere.ins.line}, so vendor/ is not where the handover looks` };
  const extensions = commands.some((c) => c.note === 'php-ext');
  if (extensions && !official) return { skip: `PHP extensions built on \`${base.raw}\`: only the official php images' extension folders are known` };
  // Composer writes vendor/; extension builds and the composer installer write outside the app folder.
  const share = appHandover(facts, { written: composer ? ['vendor/'] : [], compiled: [], unknown: unfollowedBuild(facts, (c) => c.note === 'php-ext' || c.note === 'composer-setup' || c.note === 'composer global' || /^composer/.test(c.command.base)) });
  return {
    runtime: official ? { ...choice, user: 'www-data' } : choice,
    policyNote: choice.note,
    why: official
      ? `the same PHP image with the app and vendor/${extensions ? ' and the compiled extensions' : ''}, without composer and the build tools`
      : `no smaller PHP image is known for ${base.raw}: the same image without composer and the build packages, with the app and vendor/`,
    builderBefore: [],
    builderAfter: [],
    handover: [...(extensions ? EXTENSIONS : []), ...share.paths],
    keptOut: share.keptOut,
    handoverFiles: share.files,
    ...(share.whole ? { wholeFolder: share.whole } : {}),
    handoverChown: owner ?? undefined,
    builderOnly: toolCopies(facts),
    runtimeEnv: [],
    runtimePackages: [...new Set([...pkgs.packages.filter((p) => !COMPOSER_HELPERS.has(p)), ...toolsNeeded(facts.entry)])],
  };
}

/** The php images (Debian and Alpine) carry `www-data`, which their servers already run requests as. */
const imageUser = (ref: ImageRef): string | null => (isOfficial(ref, 'php') ? 'www-data' : null);

const COMPOSER = /^composer(\.phar)?$/;

/**
 * Composer's download cache: $HOME/.composer/cache as root, or ~/.cache/composer when Composer follows the XDG
 * layout (it does when an XDG_ variable or /etc/xdg exists): both are mounted. The composer image moves its
 * home to /tmp, so there the folder is not known.
 */
const COMPOSER_CACHE: CacheTool = {
  name: 'composer',
  uses: (c) => COMPOSER.test(c.base) && ['install', 'i', 'update', 'u', 'upgrade', 'require', 'r', 'create-project', 'reinstall', 'global'].includes(positional(c.args, COMPOSER_VALUE_OPTS)[0] ?? ''),
  targets: [{ path: '/root/.composer/cache' }, { path: '/root/.cache/composer' }],
  defeats: (c) =>
    !COMPOSER.test(c.base)
      ? null
      : c.args.includes('--no-cache')
        ? '--no-cache switches it off'
        : ['clear-cache', 'clearcache', 'cc'].includes(positional(c.args, COMPOSER_VALUE_OPTS)[0] ?? '')
          ? '`composer clear-cache` empties it'
          : null,
  env: /^(COMPOSER_HOME|COMPOSER_CACHE_DIR|COMPOSER_CACHE_FILES_DIR|XDG_CACHE_HOME|XDG_CONFIG_HOME)$/,
  unsure: (f) => (isOfficial(f.base, 'composer') ? 'the composer image keeps its home in /tmp' : null),
};

/** The names `classify` answers for (curl and wget only for the composer installer). */
const COMMANDS = new RegExp(`^(composer(\\.phar)?|php[\\d.]*|curl|wget)$|${PHP_TESTERS.source}|${EXT_TOOLS.source}|${SERVER_CONFIG.source}`);

export const php: Ecosystem = {
  id: 'php',
  classify,
  commands: COMMANDS,
  detect,
  manifests,
  plan,
  caches: [COMPOSER_CACHE],
  installDirs: () => ['vendor'],
  // The php images' list of phpize build tools, and composer itself.
  buildPackages: ['$PHPIZE_DEPS', '${PHPIZE_DEPS}', 'composer'],
  imageUser,
};
