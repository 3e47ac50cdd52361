// Ruby with Bundler. Manifests: Gemfile + Gemfile.lock (+ .ruby-version when the Gemfile reads it). The builder
// keeps the full image and runs `bundle install` (and asset builds); the runtime is ruby:<same>-slim and receives
// the gem home (/usr/local/bundle in the official images, or BUNDLE_PATH/GEM_HOME) and the app folder.
import { msg } from '../../messages.ts';
import { resolvePath } from '../../model/paths.ts';
import { baseName, isVersionQuery, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, Ecosystem, Facts, Insertion, Outcome, RunFacts, SplitPlan } from '../contract.ts';
import { isFullImage, isOfficial } from '../images.ts';
import { contextPaths } from '../local-refs.ts';
import { appHandover, unfollowedBuild } from '../handover.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import type { Project } from '../project.ts';
import { runtimeBase } from '../runtime-base.ts';

/** Where the official ruby images install gems (GEM_HOME and BUNDLE_APP_CONFIG). */
export const GEM_HOME = '/usr/local/bundle';
const BUNDLE_VALUE_OPTS = ['--gemfile', '--jobs', '-j', '--retry', '--path', '--without', '--with', '--binstubs', '--standalone', '--trust-policy', '--shebang'];
// Gems that link a system library the full image has and the slim one lacks (Debian name, Alpine name).
// Other native gems build against headers only, or vendor their library.
const GEM_LIBS: Readonly<Record<string, readonly [string, string]>> = {
  pg: ['libpq5', 'libpq'],
  mysql2: ['libmariadb3', 'mariadb-connector-c'],
  sqlite3: ['libsqlite3-0', 'sqlite-libs'],
  'ruby-vips': ['libvips42', 'vips'],
  mini_magick: ['imagemagick', 'imagemagick'],
  curb: ['libcurl4', 'libcurl'],
  ethon: ['libcurl4', 'libcurl'],
};
// Gems whose run-time library this tool cannot name for every release: converting would guess.
const UNKNOWN_LIB_GEMS = /^(rmagick|charlock_holmes|rugged|ruby-filemagic|mimemagic|wkhtmltopdf-binary|wicked_pdf|pdfkit|tiny_tds|ruby-oci8|hiredis)$/;
const NODE_TOOLS = /^(node|nodejs|npm|npx|yarn|pnpm|foreman)$/;

/** Test runners and checkers of Ruby projects. */
const RUBY_TESTERS = /^(rspec|rubocop|standardrb|brakeman|cucumber)$/;
/** `rspec`, `rake test`, `rails test:system`, `rake spec`: the words after `bundle exec` run the tests. */
const isRubyTest = (words: readonly string[]): boolean => {
  const [tool, task] = words.map((w) => baseName(w));
  return RUBY_TESTERS.test(tool ?? '') || ((tool === 'rake' || tool === 'rails') && /^(test|spec|rubocop)(:|$)/.test(task ?? ''));
};

function classify(cmd: Command, ctx: { workdir: string | null }): Classified | null {
  const name = cmd.base;
  const [sub, ...rest] = positional(cmd.args, BUNDLE_VALUE_OPTS);
  if ((name === 'bundle' || name === 'bundler' || name === 'gem') && isVersionQuery(cmd)) return { command: cmd, role: 'neutral' };
  if (name === 'bundle' || name === 'bundler') {
    if (sub === undefined || sub === 'install') {
      const path = cmd.args.find((a, k, all) => all[k - 1] === '--path') ?? /^--path=(.+)$/.exec(cmd.args.find((a) => a.startsWith('--path=')) ?? '')?.[1];
      return { command: cmd, role: 'dep-install', output: path ? (resolvePath(path, ctx.workdir) ?? undefined) : undefined, note: 'bundler' };
    }
    if (sub === 'exec') return { command: cmd, role: isRubyTest(rest) ? 'test' : 'build' };
    if (['config', 'check', 'lock', 'clean', 'version', '--version', '-v', 'platform', 'list', 'info', 'doctor'].includes(sub)) return { command: cmd, role: 'neutral' };
    if (sub === 'binstubs' || sub === 'package' || sub === 'cache') return { command: cmd, role: 'build' };
    return null;
  }
  if (name === 'gem') {
    // `gem install` puts gems under GEM_HOME, which the runtime receives; updating RubyGems itself changes
    // the interpreter's own files, so it is set up again in the runtime.
    if (sub === 'update' && cmd.args.includes('--system')) return { command: cmd, role: 'system-config', note: 'rubygems update' };
    if (sub === 'install' || sub === 'i') return { command: cmd, role: 'dep-install', readsSources: rest.some((r) => r.endsWith('.gem')), note: 'gem' };
    if (sub === 'sources' || sub === 'env' || sub === 'list' || sub === '--version' || sub === 'cleanup') return { command: cmd, role: 'neutral' };
    return null;
  }
  if (RUBY_TESTERS.test(name) || ((name === 'rake' || name === 'rails') && isRubyTest([name, ...positional(cmd.args)]))) return { command: cmd, role: 'test' };
  if (name === 'rake' || name === 'rails' || name === 'bootsnap') return { command: cmd, role: 'build' };
  return null;
}

function detect(facts: Facts): string | null {
  for (const run of facts.runs) for (const c of run.commands) if (c.note === 'bundler') return 'bundler';
  return isOfficial(facts.base, 'ruby') ? 'bundler' : null;
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  if (install.readsSources) return { skip: 'the install reads a local .gem file' };
  if (install.note === 'gem') return { skip: '`gem install` does not read the Gemfile' };
  if (!facts.project.known) return ['Gemfile*'];
  const gemfile = facts.project.read('Gemfile');
  if (gemfile === undefined) return { skip: 'no Gemfile in the build context' };
  const local = gemfileRefs(facts.project, 'Gemfile', gemfile);
  if ('skip' in local) return local;
  const extra = /\.ruby-version|\.tool-versions/.exec(gemfile)?.[0];
  return [...new Set([...['Gemfile', 'Gemfile.lock', ...(extra ? [extra] : [])].filter((f) => facts.project.exists(f)), ...local])];
}

const QUOTED = String.raw`['"]([^'"]+)['"]`;

/**
 * What a Gemfile takes from the context: gems from folders (`path:`, `path '…' do`), other Gemfiles
 * (`eval_gemfile`), and the project's own gemspec (`gemspec`), with the files the gemspec requires.
 */
function gemfileRefs(project: Project, gemfile: string, text: string): Outcome<string[]> {
  const folders = [...text.matchAll(new RegExp(String.raw`(?:\bpath:\s*|:path\s*=>\s*|^\s*path\s+)${QUOTED}`, 'gm'))].map((m) => m[1]);
  const included = [...text.matchAll(new RegExp(String.raw`^\s*eval_gemfile\s*\(?\s*${QUOTED}`, 'gm'))].map((m) => m[1]);
  const out = contextPaths(project, gemfile, [...folders, ...included]);
  if ('skip' in out) return out;
  for (const m of text.matchAll(new RegExp(String.raw`^\s*gemspec\b(.*)$`, 'gm'))) {
    const dir = new RegExp(String.raw`path:\s*${QUOTED}`).exec(m[1])?.[1] ?? '.';
    const specs = gemspecFiles(project, dir);
    if ('skip' in specs) return specs;
    out.push(...specs);
  }
  return out;
}

/** The gemspecs of a folder and the files they load with `require_relative`; a gemspec that lists files another way needs the sources. */
function gemspecFiles(project: Project, dir: string): Outcome<string[]> {
  const folder = dir === '.' ? '' : `${dir.replace(/^\.\//, '').replace(/\/$/, '')}/`;
  const specs = project.list(folder).filter((n) => n.endsWith('.gemspec')).map((n) => folder + n);
  if (specs.length === 0) return { skip: `the Gemfile's \`gemspec\` finds no .gemspec in ${dir}` };
  const out = [...specs];
  for (const spec of specs) {
    const text = project.read(spec) ?? '';
    const loaded = [...text.matchAll(new RegExp(String.raw`require_relative\s*\(?\s*${QUOTED}`, 'g'))].map((m) => (m[1].endsWith('.rb') ? m[1] : `${m[1]}.rb`));
    // `require "name/version"` with lib/ on the load path (the bundler gem template).
    if (/\$LOAD_PATH|\$:/.test(text)) loaded.push(...[...text.matchAll(new RegExp(String.raw`\brequire\s*\(?\s*${QUOTED}`, 'g'))].map((m) => `lib/${m[1]}.rb`));
    const files = contextPaths(project, spec, loaded);
    if ('skip' in files) return { skip: `${spec} loads ${loaded.join(', ')}, which the install would need: ${files.skip}` };
    out.push(...files);
  }
  return out;
}

/** System libraries the locked gems link (only needed when the builder is the full image). */
function gemLibraries(facts: Facts, alpine: boolean): string[] | { skip: string } {
  const lock = facts.project.read('Gemfile.lock');
  if (lock === undefined) return facts.project.exists('Gemfile') ? { skip: 'no Gemfile.lock: cannot tell which native gems are installed' } : { skip: 'no Gemfile in the build context' };
  const libs: string[] = [];
  for (const m of lock.matchAll(/^ {4}([\w.-]+) \(/gm)) {
    const gem = m[1];
    if (UNKNOWN_LIB_GEMS.test(gem)) return { skip: `the gem ${gem} links a system library this tool does not name` };
    const lib = GEM_LIBS[gem];
    if (lib) libs.push(alpine ? lib[1] : lib[0]);
  }
  return [...new Set(libs)];
}

/** The folder gems go to: BUNDLE_PATH / --path / GEM_HOME, else the image's default. */
function gemHome(facts: Facts): string | null {
  const flag = facts.runs.flatMap((r) => r.commands).find((c) => c.note === 'bundler' && c.output)?.output;
  const path = flag ?? facts.env.get('BUNDLE_PATH') ?? facts.env.get('GEM_HOME');
  if (path === undefined) return GEM_HOME;
  return resolvePath(path, facts.appDir);
}

const PRODUCTION = ['RAILS_ENV', 'RACK_ENV', 'APP_ENV'];

/**
 * `BUNDLE_WITHOUT="development:test"` in both stages when the app evidently runs in production and nothing
 * chose the groups yet: development gems (listen, web-console) are loaded by a development app, so only
 * a production app may lose them.
 */
function withoutDevGroups(facts: Facts, first: RunFacts | undefined): Insertion | null {
  if (!first || !PRODUCTION.some((k) => facts.env.get(k) === 'production')) return null;
  if ([...facts.env.keys()].some((k) => /^BUNDLE_(WITHOUT|WITH|DEPLOYMENT|ONLY)$/.test(k))) return null;
  const bundler = facts.runs.flatMap((r) => r.commands).filter((c) => /^bundler?$/.test(c.command.base));
  if (bundler.some((c) => c.command.args.some((a) => /^--(without|with|deployment|only)/.test(a) || a === 'config'))) return null;
  return { at: first.ins, lines: ['ENV BUNDLE_WITHOUT="development:test"'], reason: msg('split-bundle-without') };
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const installs = facts.runs.filter((r) => r.commands.some((c) => c.note === 'bundler'));
  if (installs.length === 0) return { skip: 'no `bundle install` to split off' };
  const full = isFullImage(base);
  if (!full && !facts.system.buildOnly) return { skip: 'already on a small Ruby image and no build-only packages are installed', nothing: true };
  const choice = runtimeBase(base, 'ruby', options.runtimeBase, { shell: true });
  if ('skip' in choice) return choice;
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const system = [...pkgs.packages, ...toolsNeeded(facts.entry)];
  const node = facts.entry.words.find((w) => NODE_TOOLS.test(baseName(w)));
  if (node && !system.some((p) => /^(nodejs|npm|yarn)$/.test(p))) return { skip: `the CMD runs \`${node}\`, which the slim Ruby image lacks` };
  let libs: string[] = [];
  if (full) {
    if (!facts.project.known) return { skip: 'full Ruby image without a build context: cannot tell which native libraries the gems need' };
    const found = gemLibraries(facts, choice.distro === 'alpine');
    if ('skip' in found) return found;
    libs = found;
  }
  const home = gemHome(facts);
  if (!home) return { skip: 'cannot tell where the gems are installed' };
  const app = facts.appDir;
  const homeInApp = app && home.startsWith(app + '/') ? [`${home.slice(app.length + 1).split('/')[0]}/`] : [];
  const share = appHandover(facts, { written: homeInApp, compiled: [], unknown: unfollowedBuild(facts) });
  const handover = [...(homeInApp.length || home === app ? [] : [home]), ...share.paths];
  const without = withoutDevGroups(facts, installs[0]);
  return {
    runtime: choice,
    policyNote: choice.note,
    why: `it gets the installed gems and the app, without compilers and build headers`,
    builderBefore: without ? [without] : [],
    builderAfter: [],
    handover,
    keptOut: share.keptOut,
    handoverFiles: share.files,
    ...(share.whole ? { wholeFolder: share.whole } : {}),
    runtimeEnv: without ? without.lines : [],
    runtimeEnvReason: without ? without.reason : undefined,
    runtimePackages: [...new Set([...system, ...libs])],
  };
}

/**
 * Bundler keeps the .gem files it downloads in the gem home's cache folder (/usr/local/bundle/cache in the ruby
 * images) and reuses them; the installed gems beside it stay in the image. A bundle path of its own moves it.
 */
const BUNDLER_CACHE: CacheTool = {
  name: 'bundler',
  uses: (c) => /^bundler?$/.test(c.base) && ['install', undefined].includes(positional(c.args, BUNDLE_VALUE_OPTS)[0]) && !isVersionQuery(c),
  targets: [{ path: `${GEM_HOME}/cache` }],
  defeats: (c) => {
    if (!/^bundler?$/.test(c.base)) return null;
    if (c.args.some((a) => /^--(path|deployment|standalone|no-cache)\b/.test(a))) return 'it installs to a bundle path of its own';
    const [sub, key] = positional(c.args);
    return sub === 'config' && c.args.some((a) => /^(path|deployment|BUNDLE_PATH|BUNDLE_DEPLOYMENT)$/i.test(a)) && key !== undefined ? 'it sets a bundle path of its own' : null;
  },
  env: /^(BUNDLE_PATH|BUNDLE_DEPLOYMENT|BUNDLE_APP_CONFIG|BUNDLE_CACHE_PATH|GEM_HOME)$/,
  unsure: (f) => (isOfficial(f.base, 'ruby') ? null : `the base image ${f.base.raw} is not ruby, so its gem home is unknown`),
};

/**
 * ExecJS and the gems built on it (uglifier, coffee-rails, sprockets, mini_racer, ...) look for a JavaScript
 * runtime when the app boots: a Ruby image keeps the Node it installed unless its Gemfile shows none of them.
 */
const JS_RUNTIME_GEMS = /\b(execjs|uglifier|coffee-rails|coffee-script|sprockets|webpacker|shakapacker|jsbundling-rails|cssbundling-rails|mini_racer|therubyracer|autoprefixer-rails|react-rails|terser)\b/;
const needsTools = (facts: Facts): readonly string[] => {
  const text = `${facts.project.read('Gemfile') ?? ''}\n${facts.project.read('Gemfile.lock') ?? ''}`;
  return facts.project.read('Gemfile') === undefined || JS_RUNTIME_GEMS.test(text) ? ['node'] : [];
};

/** The names `classify` answers for. */
const COMMANDS = new RegExp(`^(bundle|bundler|gem|rake|rails|bootsnap)$|${RUBY_TESTERS.source}`);

export const ruby: Ecosystem = { id: 'ruby', classify, commands: COMMANDS, detect, manifests, plan, caches: [BUNDLER_CACHE], needsTools, installDirs: () => ['.bundle', 'vendor/bundle'] };
