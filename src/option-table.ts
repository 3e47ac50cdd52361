// Every option the tool takes, declared once. From this table come the command-line flags (what meow parses
// and what --help lists), the config-file keys and their JSON Schema (settings.ts), the options the
// jscodeshift module reads from pass-through flags, and the option types of convert() and migrate(). A new
// option is one entry here; the check decides its type, wherever the value comes from. Pure: no fs, no process.
import { TRANSFORMS } from '../transforms/index.ts';
import { parseShard } from './batch/shard.ts';
import { bool, list, MAX_UID, oneOf, parsed, text, uid, USER_NAME, userName, wholeNumber, type Check } from './checks.ts';
import type { RuntimeBasePolicy, StaticServer } from './types.ts';

/**
 * Where a value goes: `convert` options reach convert() (and so the workers, config files and jscodeshift),
 * `discover` ones the search for Dockerfiles, `batch` ones migrate(), `cli` ones only the command line.
 */
export type Scope = 'convert' | 'discover' | 'batch' | 'cli';

/** The --help sections, in the order they are printed. */
export const SECTIONS = {
  Output: 'Output (default: a dry run that prints a unified diff per changed file; a summary goes to stderr)',
  Conversion: 'Conversion',
  Batch: `Batch (folders are searched; see the README's "Batch migration")`,
  Configuration:
    'Configuration (.msd-convert.json, msd-convert.config.json or "msd-convert" in package.json, found from\neach Dockerfile\'s folder upwards; flags win over it)',
  Other: 'Other',
} as const;

export interface Flag {
  readonly type: 'boolean' | 'string';
  readonly shortFlag?: string;
  readonly isMultiple?: boolean;
  /** The word after the flag in --help (`--report FILE`). */
  readonly arg?: string;
  /** A boolean that is on by default: the command line offers `--no-<name>` (and --help shows that). */
  readonly negated?: boolean;
  readonly section: keyof typeof SECTIONS;
  readonly help: string;
}

/** A key of the config file: what it means (README, JSON Schema), its JSON Schema and its default. */
export interface Setting {
  readonly about: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly default: unknown;
}

export interface Option<T> {
  readonly scope: Scope;
  readonly check: Check<T>;
  /** The command-line flag; none for library-only options. */
  readonly flag?: Flag;
  /** Also a config-file key. */
  readonly setting?: Setting;
}

export const RUNTIME_BASES: readonly RuntimeBasePolicy[] = ['slim', 'distroless', 'alpine', 'scratch'];
export const STATIC_SERVERS: readonly StaticServer[] = ['nginx'];
/** What --format can print on stdout. */
export const FORMATS = ['diff', 'json', 'github', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
/** The report files --report can write, by extension. */
export const REPORT_FILE = /\.(md|json|sarif)$/i;

const IDS = TRANSFORMS.map((t) => t.meta.id);

/** JSON Schema of a transform list: ids in an array, or comma-separated in one string (as on the command line). */
const ID = `(?:${IDS.join('|')})`;
const commaSeparatedIds = { type: 'string', pattern: `^\\s*${ID}?\\s*(?:,\\s*${ID}?\\s*)*$` };
/** Schemas the settings refer to (`#/definitions/...`), so the config schema names a transform list once. */
export const SCHEMA_DEFINITIONS = {
  transformIds: { anyOf: [{ type: 'array', items: { anyOf: [{ enum: IDS }, commaSeparatedIds] } }, commaSeparatedIds] },
};
const idList = (): Record<string, unknown> => ({ $ref: '#/definitions/transformIds' });
const globList = { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] };

export const OPTIONS = {
  // ---- Output ----
  write: { scope: 'batch', check: bool, flag: { type: 'boolean', shortFlag: 'w', section: 'Output', help: 'Rewrite changed files in place (atomic; the file mode is kept)' } },
  check: { scope: 'cli', check: bool, flag: { type: 'boolean', section: 'Output', help: 'Print only the summary; exit 1 if any file would change' } },
  stdout: { scope: 'cli', check: bool, flag: { type: 'boolean', section: 'Output', help: 'Print the converted text of the single input file' } },
  json: { scope: 'cli', check: bool, flag: { type: 'boolean', section: 'Output', help: 'Print a JSON report instead of diffs (the same as --format json)' } },
  format: {
    scope: 'cli',
    check: oneOf(FORMATS),
    flag: { type: 'string', arg: 'FORMAT', section: 'Output', help: 'What stdout shows: diff (a dry run\'s default), json, github (workflow annotations) or sarif' },
  },
  report: {
    scope: 'cli',
    check: parsed((s) => (REPORT_FILE.test(s) ? s : undefined), 'a file ending in .md, .json or .sarif'),
    flag: { type: 'string', arg: 'FILE', section: 'Output', help: 'Also write a Markdown (.md), JSON (.json) or SARIF (.sarif) report' },
  },

  // ---- Conversion ----
  context: { scope: 'batch', check: text, flag: { type: 'string', arg: 'DIR', section: 'Conversion', help: 'Build context of a single Dockerfile (default: its folder)' } },
  only: {
    scope: 'convert',
    check: list(IDS),
    flag: { type: 'string', isMultiple: true, arg: 'IDS', section: 'Conversion', help: 'Run only these transforms (comma-separated ids)' },
    setting: { about: 'run only these transforms', schema: idList(), default: [] },
  },
  skip: {
    scope: 'convert',
    check: list(IDS),
    flag: { type: 'string', isMultiple: true, arg: 'IDS', section: 'Conversion', help: 'Leave out these transforms (comma-separated ids)' },
    setting: { about: 'leave out these transforms', schema: idList(), default: [] },
  },
  user: {
    scope: 'convert',
    check: userName,
    flag: { type: 'string', arg: 'NAME', section: 'Conversion', help: 'Name of the user created in the runtime stage (default: app)' },
    setting: { about: 'user created in the runtime stage when the image has none (default app)', schema: { type: 'string', pattern: USER_NAME.source }, default: 'app' },
  },
  uid: {
    scope: 'convert',
    check: uid,
    flag: { type: 'string', arg: 'N', section: 'Conversion', help: 'UID/GID of that user (default: 10001)' },
    setting: {
      about: 'UID/GID of that user (default 10001)',
      schema: { anyOf: [{ type: 'integer', minimum: 1, maximum: MAX_UID }, { type: 'string', pattern: '^0*[1-9][0-9]{0,9}$' }] },
      default: 10001,
    },
  },
  forceNonroot: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', section: 'Conversion', help: 'Add a non-root user even when the app binds a port below 1024' },
    setting: { about: 'add a non-root user even when the app binds a port below 1024', schema: { type: 'boolean' }, default: false },
  },
  runtimeBase: {
    scope: 'convert',
    check: oneOf(RUNTIME_BASES),
    flag: { type: 'string', arg: 'POLICY', section: 'Conversion', help: 'Runtime image policy: slim (default), distroless, alpine or scratch (never another libc)' },
    setting: { about: 'runtime image policy: slim (default), distroless, alpine, scratch', schema: { enum: RUNTIME_BASES }, default: 'slim' },
  },
  staticServer: {
    scope: 'convert',
    check: oneOf(STATIC_SERVERS),
    flag: { type: 'string', arg: 'nginx', section: 'Conversion', help: "Serve a static front end's build with nginx-unprivileged instead of the original server" },
    setting: { about: 'serve a static front end with nginx-unprivileged (default: keep the original server)', schema: { enum: STATIC_SERVERS }, default: null },
  },
  cacheMounts: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', negated: true, section: 'Conversion', help: 'No BuildKit cache mounts on package-manager installs (for the legacy builder)' },
    setting: { about: 'BuildKit cache mounts for package-manager installs (default true)', schema: { type: 'boolean' }, default: true },
  },
  syntax: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', negated: true, section: 'Conversion', help: 'No "# syntax=docker/dockerfile:1" line (for builders that cannot pull the frontend)' },
    setting: { about: '`# syntax=docker/dockerfile:1` when BuildKit features are used (default true)', schema: { type: 'boolean' }, default: true },
  },
  dockerignore: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', negated: true, section: 'Conversion', help: 'Propose no .dockerignore lines (then installs that need them are not reordered)' },
    setting: { about: '.dockerignore lines that keep local dependency folders from overriding a reordered install (default true)', schema: { type: 'boolean' }, default: true },
  },
  // Extra targets (opt-in: they change which stages exist and what a default build runs).
  testStage: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', section: 'Conversion', help: 'Move test commands to a `test` stage: only `docker build --target test` runs them' },
    setting: { about: 'move the build\'s test commands to a `test` stage that `docker build --target test` runs (default false)', schema: { type: 'boolean' }, default: false },
  },
  debugStage: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', section: 'Conversion', help: 'Add a `debug` stage (runtime + shell and tools) for `docker build --target debug`' },
    setting: { about: 'a `debug` stage: the runtime image with a shell and basic tools, built with `--target debug` (default false)', schema: { type: 'boolean' }, default: false },
  },
  explain: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', section: 'Conversion', help: 'Comment each added, moved or changed line with the reason (# msd-convert: ...)' },
    setting: { about: 'comments in the output that say why each new or moved line is there (default false)', schema: { type: 'boolean' }, default: false },
  },
  // ---- Opt-in build patterns (issue 18): cross-platform builds and secret mounts ----
  crossPlatform: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', section: 'Conversion', help: 'Build on the build machine and compile for the target platform ($BUILDPLATFORM, TARGETOS, TARGETARCH)' },
    setting: { about: 'the builder runs on the build machine and compiles for the target platform (default false)', schema: { type: 'boolean' }, default: false },
  },
  secretMounts: {
    scope: 'convert',
    check: bool,
    flag: { type: 'boolean', section: 'Conversion', help: 'Pass registry credentials (build ARGs, .npmrc, pip.conf, ...) to installs as BuildKit secrets' },
    setting: { about: 'registry credentials reach installs as BuildKit secret mounts, never a layer (default false)', schema: { type: 'boolean' }, default: false },
  },
  listTransforms: { scope: 'cli', check: bool, flag: { type: 'boolean', section: 'Conversion', help: 'List the transforms: id, safety, description' } },
  /** Library only: verify every output (default true); the bench and tests turn it off. */
  verify: { scope: 'convert', check: bool },
  /** Library only: run the transforms on files that are already multi-stage too (convert() sets it when `only` names transforms). */
  multiStage: { scope: 'convert', check: bool },

  // ---- Batch ----
  include: {
    scope: 'discover',
    check: list(),
    flag: { type: 'string', isMultiple: true, arg: 'GLOB', section: 'Batch', help: 'Convert only files matching the glob (repeatable)' },
    setting: { about: 'convert only Dockerfiles matching these globs (folders searched)', schema: globList, default: [] },
  },
  exclude: {
    scope: 'discover',
    check: list(),
    flag: { type: 'string', isMultiple: true, arg: 'GLOB', section: 'Batch', help: 'Leave out files matching the glob (repeatable)' },
    setting: { about: 'leave out Dockerfiles matching these globs', schema: globList, default: [] },
  },
  gitignore: { scope: 'discover', check: bool, flag: { type: 'boolean', negated: true, section: 'Batch', help: "Also search folders the repository's .gitignore ignores" } },
  concurrency: {
    scope: 'batch',
    check: wholeNumber(1, 256),
    flag: { type: 'string', arg: 'N', section: 'Batch', help: 'Files converted at a time (default: the CPUs less one, at least 1)' },
  },
  shard: {
    scope: 'batch',
    check: parsed(parseShard, 'I/N with 1 ≤ I ≤ N (e.g. 2/4)'),
    flag: { type: 'string', arg: 'I/N', section: 'Batch', help: 'Convert only share I of N of the files (for CI matrices)' },
  },

  // ---- Configuration ----
  printConfig: { scope: 'cli', check: text, flag: { type: 'string', arg: 'FILE', section: 'Configuration', help: 'Print the settings that apply to FILE, and where they come from' } },
  config: { scope: 'batch', check: bool, flag: { type: 'boolean', negated: true, section: 'Configuration', help: 'Ignore config files' } },

  // ---- Other ----
  quiet: { scope: 'cli', check: bool, flag: { type: 'boolean', section: 'Other', help: 'No summary on stderr (errors are still printed)' } },
  debug: { scope: 'cli', check: bool, flag: { type: 'boolean', section: 'Other', help: 'Show stack traces of internal errors' } },
} as const satisfies Record<string, Option<unknown>>;

type Table = typeof OPTIONS;
export type OptionKey = keyof Table;
/** The type an option's check gives. */
export type ValueOf<K extends OptionKey> = Table[K]['check'] extends Check<infer T> ? T : never;

/** The options of some scopes, typed by their checks: what convert(), discover() and migrate() take. */
export type OptionsIn<S extends Scope> = { readonly [K in OptionKey as Table[K]['scope'] extends S ? K : never]?: ValueOf<K> };

export type SettingKey = { [K in OptionKey]: Table[K] extends { setting: Setting } ? K : never }[OptionKey];
/** The config-file keys, typed. */
export type Settings = { readonly [K in SettingKey]?: ValueOf<K> };

export type FlagKey = { [K in OptionKey]: Table[K] extends { flag: Flag } ? K : never }[OptionKey];
/** Checked command-line values: only the flags that were given. */
export type FlagValues = { readonly [K in FlagKey]?: ValueOf<K> };

const entries = Object.entries(OPTIONS) as [OptionKey, Option<unknown>][];

export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const SETTING_KEYS = entries.filter(([, o]) => o.setting).map(([k]) => k) as SettingKey[];
export const FLAG_KEYS = entries.filter(([, o]) => o.flag).map(([k]) => k) as FlagKey[];

/** How the flag is written where the user meets it: `--uid`, `--no-cache-mounts`. */
export function flagWord(key: FlagKey): string {
  const flag: Flag = OPTIONS[key].flag;
  return `--${flag.negated ? 'no-' : ''}${kebab(key)}`;
}

export const settingOf = (key: SettingKey): Setting => OPTIONS[key].setting;

/** The keys of `values` that belong to these scopes (the values as they are). */
export function inScope<S extends Scope>(values: object, ...scopes: S[]): OptionsIn<S> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const option = (OPTIONS as Readonly<Record<string, Option<unknown>>>)[key];
    if (option && value !== undefined && (scopes as Scope[]).includes(option.scope)) out[key] = value;
  }
  return out as OptionsIn<S>;
}

/**
 * Checks the values of the given flags; `raw(key)` reads one by its camelCase key (undefined, or an empty list
 * for a repeatable flag, when it was not given). Errors name the flag: `--uid must be a positive whole number`.
 */
export function checkFlags(raw: (key: FlagKey, flag: Flag) => unknown, keys: readonly FlagKey[] = FLAG_KEYS): { values: FlagValues; errors: string[] } {
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of keys) {
    const flag: Flag = OPTIONS[key].flag;
    const v = raw(key, flag);
    if (v === undefined || (flag.isMultiple && Array.isArray(v) && v.length === 0)) continue;
    const r = OPTIONS[key].check(v);
    if ('error' in r) errors.push(`${flagWord(key)} ${r.error}`);
    else values[key] = r.value;
  }
  return { values: values as FlagValues, errors };
}
