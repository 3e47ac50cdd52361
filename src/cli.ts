#!/usr/bin/env node
// The command-line shell: flags → files → library → diff / write / report → exit code. All behaviour lives
// in the library; this file only reads, prints, writes and decides the exit code.
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, configFor, type Config } from './config.ts';
import { parseCommandLine, UsageError, type CommandLine } from './command-line.ts';
import { discover, STDIN, type Discovery } from './batch/discover.ts';
import { migrate, type MigrateOptions } from './batch/migrate.ts';
import { progressLine } from './batch/progress.ts';
import { describeFsError, FileError } from './fs.ts';
import { TRANSFORMS } from '../transforms/index.ts';
import { inScope, REPORT_FILE, type Format, type Settings } from './option-table.ts';
import { jsonReport, type FileReport } from './report/results.ts';
import { colorDiff, palette, wantsColor } from './report/colors.ts';
import { counters, fileSummary } from './report/summary.ts';
import { effectiveSettings, mergeSettings, pickSettings } from './settings.ts';

function usage(message: string): never {
  process.stderr.write(`msd-convert: ${message}\nRun msd-convert --help for usage.\n`);
  process.exit(2);
}

function readCommandLine(): CommandLine {
  try {
    return parseCommandLine(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) usage(e.message);
    throw e;
  }
}

async function main(): Promise<number> {
  const cli = readCommandLine();
  if (cli.help) cli.showHelp();
  if (cli.version) cli.showVersion();
  const f = cli.values;
  if (f.listTransforms) {
    const width = Math.max(...TRANSFORMS.map((t) => t.meta.id.length));
    for (const t of TRANSFORMS) process.stdout.write(`${t.meta.id.padEnd(width)}  ${t.meta.safety.padEnd(6)}  ${t.meta.description}\n`);
    return 0;
  }
  if ([f.write, f.check, f.stdout].filter(Boolean).length > 1) usage('--write, --check and --stdout cannot be combined');
  if (f.json && f.format !== undefined && f.format !== 'json') usage('--json and --format cannot be combined');
  if (f.stdout && (f.json || f.format !== undefined)) usage('--stdout cannot be combined with --json or --format');
  // A dry run shows diffs unless told otherwise; --check and --write show nothing on stdout unless told.
  const format: Format | undefined = f.format ?? (f.json ? 'json' : f.write || f.check || f.stdout ? undefined : 'diff');
  const useConfig = f.config !== false;
  const flagSettings = pickSettings(f);
  if (f.printConfig !== undefined) return printConfig(f.printConfig, flagSettings, useConfig);
  // Discovery uses the config of the first path's folder (include/exclude); each file gets its own below.
  const inputs = cli.input.length ? cli.input : ['Dockerfile'];
  const config = useConfig ? loadConfig(inputs[0] === STDIN ? '.' : folderOf(inputs[0]!)) : { path: null, settings: {} };
  const include = f.include ?? config.settings.include ?? [];
  const exclude = f.exclude ?? config.settings.exclude ?? [];

  if (inputs.includes(STDIN) && inputs.length > 1) usage('"-" (standard input) cannot be combined with other paths');
  if (inputs.includes(STDIN) && f.write) usage('--write cannot rewrite standard input; use --stdout');
  const started = performance.now();
  const found = await discover(inputs, { include, exclude, gitignore: f.gitignore, shard: f.shard });
  const count = found.targets.length + found.problems.length;
  if (f.stdout && count !== 1) usage('--stdout takes exactly one Dockerfile');
  if (f.context !== undefined && count !== 1) usage('--context applies to a single Dockerfile');
  if (f.context !== undefined && !existsSync(f.context)) usage(`--context folder "${f.context}" does not exist`);

  const options: MigrateOptions = { ...inScope(f, 'convert'), config: useConfig, context: f.context, concurrency: f.concurrency, write: f.write };
  return runBatch(found, options, { ...f, format }, cli, started);
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

interface Output {
  readonly check?: boolean;
  readonly stdout?: boolean;
  readonly format?: Format;
  readonly report?: string;
  readonly quiet?: boolean;
  readonly debug?: boolean;
}

/** Runs migrate() and prints as files complete: diffs or annotations on stdout, one summary per file on stderr, in input order. */
async function runBatch(found: Discovery, options: MigrateOptions, f: Output, cli: CommandLine, started: number): Promise<number> {
  const diffColor = wantsColor(process.stdout, process.env);
  const errColor = palette(wantsColor(process.stderr, process.env));
  const reportKind = f.report?.match(REPORT_FILE)?.[1]?.toLowerCase();
  const diffs = new Map<string, string>();
  const wouldChange: string[] = [];
  const progress = progressLine(process.stderr, !f.quiet && !f.stdout);
  // Loaded only by the runs that print them.
  const github = f.format === 'github' ? await import('./report/github.ts') : undefined;
  let stdoutText: string | undefined;
  const result = await migrate(found, {
    ...options,
    diff: f.format === 'diff' || reportKind === 'md',
    output: f.stdout,
    collect: f.format === 'json' || f.format === 'sarif' || reportKind !== undefined,
    onProgress: (p) => progress.update(p),
    onFile(e) {
      if (e.stack && f.debug) progress.print(`${e.stack}\n`);
      if (e.output !== undefined) stdoutText = e.output;
      if (e.diff && f.format === 'diff') process.stdout.write(diffColor ? colorDiff(e.diff, palette(true)) : e.diff);
      if (github) process.stdout.write(github.annotations(e.report));
      if (e.diff && reportKind === 'md') diffs.set(e.report.path, e.diff);
      if (f.check && e.report.status === 'converted') wouldChange.push(e.report.path);
      if (e.report.status === 'error' || !f.quiet) progress.print(fileSummary(e.report, errColor));
    },
  });
  progress.end();
  const seconds = (performance.now() - started) / 1000;
  if (f.stdout && stdoutText !== undefined) process.stdout.write(stdoutText);
  else if (f.format === 'json') process.stdout.write(jsonReport(result.files));
  else if (f.format === 'sarif') process.stdout.write(await sarif(result.files, cli));
  if (f.report) await writeReport(f.report, reportKind!, result.files, diffs, cli);
  // --check lists what would change even with --quiet: that list is what the pipeline failed for.
  if (wouldChange.length) process.stderr.write(`Would change (${wouldChange.length}):\n${wouldChange.map((p) => `  ${p}\n`).join('')}`);
  const s = result.summary;
  if (!f.quiet) process.stderr.write(counters(s, seconds, errColor));
  if (s.error > 0) return 1;
  if (f.check && s.converted > 0) return 1;
  return 0;
}

/** The SARIF log of the run; the tool's pages come from the package's home page. */
async function sarif(files: readonly FileReport[], cli: CommandLine): Promise<string> {
  const { sarifLog } = await import('./report/sarif.ts');
  const home = cli.pkg.homepage?.replace(/#.*$/, '');
  return sarifLog(files, TRANSFORMS.map((t) => t.meta), {
    name: 'msd-convert',
    version: cli.pkg.version ?? '0.0.0',
    informationUri: cli.pkg.homepage,
    helpUri: home ? (id) => `${home}/blob/main/transforms/${id}.md` : undefined,
  });
}

async function writeReport(path: string, kind: string, reports: readonly FileReport[], diffs: ReadonlyMap<string, string>, cli: CommandLine): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const text = kind === 'json' ? jsonReport(reports) : kind === 'sarif' ? await sarif(reports, cli) : (await import('./report/markdown.ts')).markdownReport(reports, diffs);
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
