#!/usr/bin/env node
// The command-line shell: flags → files → library → diff / write / report → exit code. All behaviour lives
// in the library; this file only reads, prints, writes and decides the exit code.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, configFor, type Config } from './config.ts';
import { helpText, parseFlags, UsageError, versionText, type FlagSpec, type Parsed } from './args.ts';
import { discover, STDIN, type Discovery } from './batch/discover.ts';
import { migrate, type MigrateOptions } from './batch/migrate.ts';
import { progressLine } from './batch/progress.ts';
import { parseShard, type Shard } from './batch/shard.ts';
import { describeFsError, FileError } from './fs.ts';
import { TRANSFORMS } from './index.ts';
import { jsonReport, type FileReport } from './report/results.ts';
import { colorDiff, palette, wantsColor } from './report/colors.ts';
import { counters, fileSummary } from './report/summary.ts';
import { checkSettings, effectiveSettings, mergeSettings, SETTINGS, type Settings } from './settings.ts';

export const HELP = `
  Usage
    $ msd-convert [options] [paths...]

  Paths are Dockerfiles or folders (searched for Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile).
  "-" reads one Dockerfile from standard input. Default: ./Dockerfile

  Output (default: a dry run that prints a unified diff per changed file; a summary goes to stderr)
    -w, --write            Rewrite changed files in place (atomic; the file mode is kept)
    --check                Print only the summary; exit 1 if any file would change
    --stdout               Print the converted text of the single input file
    --json                 Print a JSON report instead of diffs
    --report FILE          Also write a Markdown (.md) or JSON (.json) report

  Conversion
    --context DIR          Build context of a single Dockerfile (default: its folder)
    --only IDS             Run only these transforms (comma-separated ids)
    --skip IDS             Leave out these transforms (comma-separated ids)
    --user NAME            Name of the user created in the runtime stage (default: app)
    --uid N                UID/GID of that user (default: 10001)
    --force-nonroot        Add a non-root user even when the app binds a port below 1024
    --runtime-base POLICY  Runtime image policy: slim (default), distroless, alpine or scratch (never another libc)
    --static-server nginx  Serve a static front end's build with nginx-unprivileged instead of the original server
    --no-cache-mounts      No BuildKit cache mounts on package-manager installs (for the legacy builder)
    --no-syntax            No "# syntax=docker/dockerfile:1" line (for builders that cannot pull the frontend)
    --explain              Comment each added, moved or changed line with the reason (# msd-convert: ...)
    --list-transforms      List the transforms: id, safety, description

  Batch (folders are searched; see the README's "Batch migration")
    --include GLOB         Convert only files matching the glob (repeatable)
    --exclude GLOB         Leave out files matching the glob (repeatable)
    --no-gitignore         Also search folders the repository's .gitignore ignores
    --concurrency N        Files converted at a time (default: the CPUs less one, at least 1)
    --shard I/N            Convert only share I of N of the files (for CI matrices)

  Configuration (.msd-convert.json, msd-convert.config.json or "msd-convert" in package.json, found from
  each Dockerfile's folder upwards; flags win over it)
    --print-config FILE    Print the settings that apply to FILE, and where they come from
    --no-config            Ignore config files

  Commands
    verify [paths...]      Build, run and compare the original and the converted image (msd-convert verify --help)

  Other
    --quiet                No summary on stderr (errors are still printed)
    --debug                Show stack traces of internal errors
    --help, --version

  Exit codes
    0  done (a dry run with changes included)
    1  --check found files that would change, or a file failed
    2  usage error

  Examples
    $ msd-convert Dockerfile
    $ msd-convert Dockerfile --write
    $ msd-convert services/ --check
    $ msd-convert ~/src/* --write --report migration.md
`;

function usage(message: string): never {
  process.stderr.write(`msd-convert: ${message}\nRun msd-convert --help for usage.\n`);
  process.exit(2);
}

/** The command line parsed against the flags; a word they do not allow is a usage error. */
function parseCommandLine<T extends Record<string, FlagSpec>>(flags: T): Parsed<T> {
  try {
    return parseFlags(process.argv.slice(2), flags);
  } catch (e) {
    if (e instanceof UsageError) usage(e.message);
    throw e;
  }
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

async function main(): Promise<number> {
  const cli = parseCommandLine({
    write: { type: 'boolean', shortFlag: 'w', default: false },
    check: { type: 'boolean', default: false },
    stdout: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    report: { type: 'string' },
    context: { type: 'string' },
    only: { type: 'string', isMultiple: true, default: [] },
    skip: { type: 'string', isMultiple: true, default: [] },
    user: { type: 'string' },
    uid: { type: 'string' },
    forceNonroot: { type: 'boolean', default: false },
    runtimeBase: { type: 'string' },
    staticServer: { type: 'string' },
    cacheMounts: { type: 'boolean', default: true },
    syntax: { type: 'boolean', default: true },
    explain: { type: 'boolean', default: false },
    printConfig: { type: 'string' },
    config: { type: 'boolean', default: true },
    listTransforms: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    debug: { type: 'boolean', default: false },
    ...BATCH_FLAGS,
  });
  if (cli.help) return print(helpText(HELP));
  if (cli.version) return print(versionText());
  const f = cli.flags;
  if (f.listTransforms) {
    const width = Math.max(...TRANSFORMS.map((t) => t.meta.id.length));
    for (const t of TRANSFORMS) process.stdout.write(`${t.meta.id.padEnd(width)}  ${t.meta.safety.padEnd(6)}  ${t.meta.description}\n`);
    return 0;
  }
  const modes = [f.write, f.check, f.stdout, f.json].filter(Boolean).length;
  if (modes > 1) usage('--write, --check, --stdout and --json cannot be combined');
  if (f.report !== undefined && !/\.(md|json)$/i.test(f.report)) usage('--report needs a file ending in .md or .json');
  const flagSettings = settingsFromFlags(f);
  if (f.printConfig !== undefined) return printConfig(f.printConfig, flagSettings, f.config);
  // Discovery uses the config of the first path's folder (include/exclude); each file gets its own below.
  const inputs = cli.input.length ? cli.input : ['Dockerfile'];
  const config = f.config ? loadConfig(inputs[0] === STDIN ? '.' : folderOf(inputs[0])) : { path: null, settings: {} };
  const include = flagSettings.include ?? config.settings.include ?? [];
  const exclude = flagSettings.exclude ?? config.settings.exclude ?? [];

  const batch = batchControls(f);
  if (inputs.includes(STDIN) && inputs.length > 1) usage('"-" (standard input) cannot be combined with other paths');
  if (inputs.includes(STDIN) && f.write) usage('--write cannot rewrite standard input; use --stdout');
  const started = performance.now();
  const found = await discover(inputs, { include, exclude, gitignore: f.gitignore, shard: batch.shard });
  const count = found.targets.length + found.problems.length;
  if (f.stdout && count !== 1) usage('--stdout takes exactly one Dockerfile');
  if (f.context !== undefined && count !== 1) usage('--context applies to a single Dockerfile');
  if (f.context !== undefined && !existsSync(f.context)) usage(`--context folder "${f.context}" does not exist`);

  return runBatch(found, { ...flagSettings, config: f.config, context: f.context, concurrency: batch.concurrency }, f, started);
}

// ---- Settings (issue 7): flags and config files, checked by one table (settings.ts). ----

interface SettingFlags {
  readonly only: string[];
  readonly skip: string[];
  readonly include: string[];
  readonly exclude: string[];
  readonly user?: string;
  readonly uid?: string;
  readonly runtimeBase?: string;
  readonly staticServer?: string;
  readonly forceNonroot: boolean;
  readonly cacheMounts: boolean;
  readonly syntax: boolean;
  readonly explain: boolean;
}

/** True when the flag (or its --no- form) is on the command line: parseFlags gives booleans a value either way. */
function given(name: string): boolean {
  const args = process.argv.slice(2);
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === `--${name}` || a === `--no-${name}` || a.startsWith(`--${name}=`));
}

/** The settings given on the command line (only those: the config file fills the rest). Exits 2 when one is invalid. */
function settingsFromFlags(f: SettingFlags): Settings {
  const list = (v: string[]): string[] | undefined => (v.length ? v : undefined);
  const raw: Record<string, unknown> = {
    only: list(f.only),
    skip: list(f.skip),
    include: list(f.include),
    exclude: list(f.exclude),
    user: f.user,
    uid: f.uid,
    runtimeBase: f.runtimeBase,
    staticServer: f.staticServer,
    forceNonroot: given('force-nonroot') ? f.forceNonroot : undefined,
    cacheMounts: given('cache-mounts') ? f.cacheMounts : undefined,
    syntax: given('syntax') ? f.syntax : undefined,
    explain: given('explain') ? f.explain : undefined,
  };
  const { settings, errors } = checkSettings(raw, (key) => SETTINGS[key as keyof typeof SETTINGS]?.flag ?? key);
  if (errors.length) usage(errors[0]!);
  return settings;
}

function folderOf(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return dirname(path);
  }
}

function loadConfig(dir: string): Config {
  try {
    return configFor(dir);
  } catch (e) {
    if (e instanceof ConfigError) usage(e.message);
    throw e;
  }
}

function printConfig(file: string, flags: Settings, useConfig: boolean): number {
  const config = useConfig ? loadConfig(folderOf(file)) : { path: null, settings: {} };
  const settings = effectiveSettings(mergeSettings(config.settings, flags));
  process.stdout.write(JSON.stringify({ file, config: config.path, settings }, null, 2) + '\n');
  return 0;
}

// ---- Batch (issue 8): flags, validation, and streaming the results of migrate() in input order. ----

const BATCH_FLAGS = {
  include: { type: 'string' as const, isMultiple: true as const, default: [] as string[] },
  exclude: { type: 'string' as const, isMultiple: true as const, default: [] as string[] },
  gitignore: { type: 'boolean' as const, default: true },
  concurrency: { type: 'string' as const },
  shard: { type: 'string' as const },
};

interface BatchFlags {
  readonly concurrency?: string;
  readonly shard?: string;
}

function batchControls(f: BatchFlags): { concurrency?: number; shard?: Shard } {
  let concurrency: number | undefined;
  if (f.concurrency !== undefined) {
    concurrency = Number(f.concurrency);
    if (!/^\d+$/.test(f.concurrency) || concurrency < 1 || concurrency > 256) usage(`--concurrency must be a whole number from 1 to 256, got "${f.concurrency}"`);
  }
  const shard = f.shard === undefined ? undefined : parseShard(f.shard);
  if (f.shard !== undefined && !shard) usage(`--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4), got "${f.shard}"`);
  return { concurrency, shard };
}

interface OutputFlags {
  readonly write: boolean;
  readonly check: boolean;
  readonly stdout: boolean;
  readonly json: boolean;
  readonly report?: string;
  readonly quiet: boolean;
  readonly debug: boolean;
}

/** Runs migrate() and prints as files complete: diffs on stdout, one summary per file on stderr, in input order. */
async function runBatch(found: Discovery, options: MigrateOptions, f: OutputFlags, started: number): Promise<number> {
  const showDiffs = !f.write && !f.check && !f.json && !f.stdout;
  const diffColor = wantsColor(process.stdout, process.env);
  const errColor = palette(wantsColor(process.stderr, process.env));
  const markdown = f.report !== undefined && /\.md$/i.test(f.report);
  const diffs = new Map<string, string>();
  const wouldChange: string[] = [];
  const progress = progressLine(process.stderr, !f.quiet && !f.stdout);
  let stdoutText: string | undefined;
  const result = await migrate(found, {
    ...options,
    write: f.write,
    diff: showDiffs || markdown,
    output: f.stdout,
    collect: f.json || f.report !== undefined,
    onProgress: (p) => progress.update(p),
    onFile(e) {
      if (e.stack && f.debug) progress.print(`${e.stack}\n`);
      if (e.output !== undefined) stdoutText = e.output;
      if (e.diff && showDiffs) process.stdout.write(diffColor ? colorDiff(e.diff, palette(true)) : e.diff);
      if (e.diff && markdown) diffs.set(e.report.path, e.diff);
      if (f.check && e.report.status === 'converted') wouldChange.push(e.report.path);
      if (e.report.status === 'error' || !f.quiet) progress.print(fileSummary(e.report, errColor));
    },
  });
  progress.end();
  const seconds = (performance.now() - started) / 1000;
  if (f.stdout && stdoutText !== undefined) process.stdout.write(stdoutText);
  else if (f.json) process.stdout.write(jsonReport(result.files));
  if (f.report) await writeReport(f.report, result.files, diffs);
  // --check lists what would change even with --quiet: that list is what the pipeline failed for.
  if (wouldChange.length) process.stderr.write(`Would change (${wouldChange.length}):\n${wouldChange.map((p) => `  ${p}\n`).join('')}`);
  const s = result.summary;
  if (!f.quiet) process.stderr.write(counters(s, seconds, errColor));
  if (s.error > 0) return 1;
  if (f.check && s.converted > 0) return 1;
  return 0;
}

async function writeReport(path: string, reports: readonly FileReport[], diffs: ReadonlyMap<string, string>): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const text = /\.json$/i.test(path) ? jsonReport(reports) : (await import('./report/markdown.ts')).markdownReport(reports, diffs);
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new FileError(path, `cannot write the report: ${describeFsError(e)}`);
  }
}

// `msd-convert verify …` is a command of its own (src/verify/), loaded only when asked for.
const command = process.argv[2] === 'verify' ? import('./verify/command.ts').then((m) => m.verifyMain(process.argv.slice(3))) : main();
command.then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A stack only with --debug; exit 1 (something failed), as 2 is kept for usage errors.
    const debug = process.argv.includes('--debug');
    if (e instanceof FileError) {
      process.stderr.write(`error ${e.path}: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`msd-convert: internal error: ${(debug && (e as Error)?.stack) || ((e as Error)?.message ?? String(e))}\n`);
    if (!debug) process.stderr.write('Run again with --debug for the stack trace.\n');
    process.exitCode = 1;
  },
);
