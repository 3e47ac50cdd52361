#!/usr/bin/env node
// The command-line shell: flags → files → library → diff / write / report → exit code. All behaviour lives
// in the library; this file only reads, prints, writes and decides the exit code.
import { existsSync } from 'node:fs';
import meow from 'meow';
import { discover, STDIN, type Discovery } from './batch/discover.ts';
import { migrate, type MigrateOptions } from './batch/migrate.ts';
import { progressLine } from './batch/progress.ts';
import { parseShard, type Shard } from './batch/shard.ts';
import { TRANSFORMS, type ConvertOptions } from './index.ts';
import { jsonReport, type FileReport } from './report/results.ts';
import { counters, fileSummary, plain } from './report/summary.ts';
import type { RuntimeBasePolicy, StaticServer } from './types.ts';

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
    --list-transforms      List the transforms: id, safety, description

  Batch (folders are searched; see the README's "Batch migration")
    --include GLOB         Convert only files matching the glob (repeatable)
    --exclude GLOB         Leave out files matching the glob (repeatable)
    --no-gitignore         Also search folders the repository's .gitignore ignores
    --concurrency N        Files converted at a time (default: the number of CPUs)
    --shard I/N            Convert only share I of N of the files (for CI matrices)

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

const RUNTIME_BASES: readonly RuntimeBasePolicy[] = ['slim', 'distroless', 'alpine', 'scratch'];

function usage(message: string): never {
  process.stderr.write(`msd-convert: ${message}\nRun msd-convert --help for usage.\n`);
  process.exit(2);
}

const ids = (list: string[]): string[] => list.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);

async function main(): Promise<number> {
  const cli = meow(HELP, {
    importMeta: import.meta,
    allowUnknownFlags: false,
    flags: {
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
      listTransforms: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      ...BATCH_FLAGS,
    },
  });
  const f = cli.flags;
  if (f.listTransforms) {
    const width = Math.max(...TRANSFORMS.map((t) => t.meta.id.length));
    for (const t of TRANSFORMS) process.stdout.write(`${t.meta.id.padEnd(width)}  ${t.meta.safety.padEnd(6)}  ${t.meta.description}\n`);
    return 0;
  }
  const known = new Set(TRANSFORMS.map((t) => t.meta.id));
  const only = ids(f.only);
  const skip = ids(f.skip);
  for (const id of [...only, ...skip]) if (!known.has(id)) usage(`unknown transform "${id}" (see --list-transforms)`);
  const modes = [f.write, f.check, f.stdout, f.json].filter(Boolean).length;
  if (modes > 1) usage('--write, --check, --stdout and --json cannot be combined');
  let uid: number | undefined;
  if (f.uid !== undefined) {
    uid = Number(f.uid);
    if (!/^\d+$/.test(f.uid) || uid < 1 || uid > 2147483647) usage(`--uid must be a positive whole number, got "${f.uid}"`);
  }
  if (f.user !== undefined && !/^[a-z_][a-z0-9_-]{0,31}$/.test(f.user)) usage(`--user must be a valid user name (lower case, digits, _ and -), got "${f.user}"`);
  if (f.report !== undefined && !/\.(md|json)$/i.test(f.report)) usage('--report needs a file ending in .md or .json');
  const runtimeBase = f.runtimeBase as RuntimeBasePolicy | undefined;
  if (runtimeBase !== undefined && !RUNTIME_BASES.includes(runtimeBase)) usage(`--runtime-base must be one of ${RUNTIME_BASES.join(', ')}, got "${f.runtimeBase}"`);
  if (f.staticServer !== undefined && f.staticServer !== 'nginx') usage(`--static-server must be nginx, got "${f.staticServer}"`);

  const batch = batchControls(f);
  const inputs = cli.input.length ? cli.input : ['Dockerfile'];
  if (inputs.includes(STDIN) && inputs.length > 1) usage('"-" (standard input) cannot be combined with other paths');
  if (inputs.includes(STDIN) && f.write) usage('--write cannot rewrite standard input; use --stdout');
  const started = performance.now();
  const found = await discover(inputs, { include: f.include, exclude: f.exclude, gitignore: f.gitignore, shard: batch.shard });
  const count = found.targets.length + found.problems.length;
  if (f.stdout && count !== 1) usage('--stdout takes exactly one Dockerfile');
  if (f.context !== undefined && count !== 1) usage('--context applies to a single Dockerfile');
  if (f.context !== undefined && !existsSync(f.context)) usage(`--context folder "${f.context}" does not exist`);

  const options: ConvertOptions = { only, skip, user: f.user, uid, forceNonroot: f.forceNonroot, runtimeBase, staticServer: f.staticServer as StaticServer | undefined };
  return runBatch(found, { ...options, context: f.context, concurrency: batch.concurrency }, f, started);
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
      if (e.diff && showDiffs) process.stdout.write(e.diff);
      if (e.diff && markdown) diffs.set(e.report.path, e.diff);
      if (f.check && e.report.status === 'converted') wouldChange.push(e.report.path);
      if (e.report.status === 'error' || !f.quiet) progress.print(fileSummary(e.report, plain));
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
  if (!f.quiet) process.stderr.write(counters(s, seconds, plain));
  if (s.error > 0) return 1;
  if (f.check && s.converted > 0) return 1;
  return 0;
}

async function writeReport(path: string, reports: readonly FileReport[], diffs: ReadonlyMap<string, string>): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  if (/\.json$/i.test(path)) writeFileSync(path, jsonReport(reports));
  else writeFileSync(path, (await import('./report/markdown.ts')).markdownReport(reports, diffs));
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`msd-convert: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
