#!/usr/bin/env node
// The command-line shell: flags → files → library → diff / write / report → exit code. All behaviour lives
// in the library; this file only reads, prints, writes and decides the exit code.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import meow from 'meow';
import { findDockerfiles } from './batch/discover.ts';
import { FileError, nodeProject, readDockerfile, writeAtomic } from './fs.ts';
import { convert, NO_PROJECT, TRANSFORMS, type ConvertOptions } from './index.ts';
import { fileReport, jsonReport, summarize, type FileReport } from './report/results.ts';
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
`;

const STDIN = '-';
const RUNTIME_BASES: readonly RuntimeBasePolicy[] = ['slim', 'distroless', 'alpine', 'scratch'];

function usage(message: string): never {
  process.stderr.write(`msd-convert: ${message}\nRun msd-convert --help for usage.\n`);
  process.exit(2);
}

const ids = (list: string[]): string[] => list.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

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

  const inputs = cli.input.length ? cli.input : ['Dockerfile'];
  if (inputs.includes(STDIN) && inputs.length > 1) usage('"-" (standard input) cannot be combined with other paths');
  if (inputs.includes(STDIN) && f.write) usage('--write cannot rewrite standard input; use --stdout');
  const files: string[] = [];
  const problems: FileReport[] = [];
  for (const p of inputs) {
    if (p === STDIN) {
      files.push(STDIN);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    if (isDir) {
      const found = findDockerfiles(p);
      if (found.length === 0) problems.push(errorReport(p, 'no Dockerfiles found in this folder'));
      files.push(...found);
    } else files.push(p);
  }
  if (f.stdout && files.length !== 1) usage('--stdout takes exactly one Dockerfile');
  if (f.context !== undefined && files.length !== 1) usage('--context applies to a single Dockerfile');
  if (f.context !== undefined && !existsSync(f.context)) usage(`--context folder "${f.context}" does not exist`);

  const options: ConvertOptions = { only, skip, user: f.user, uid, forceNonroot: f.forceNonroot, runtimeBase, staticServer: f.staticServer as StaticServer | undefined };
  const started = performance.now();
  const reports: FileReport[] = [...problems];
  const diffs: string[] = [];
  let stdoutText: string | undefined;
  for (const file of files) {
    const shown = file === STDIN ? '<stdin>' : displayPath(file);
    let text: string;
    try {
      text = file === STDIN ? await readStdin() : readDockerfile(file);
    } catch (e) {
      reports.push(errorReport(shown, e instanceof FileError ? e.message : String(e)));
      continue;
    }
    const context = f.context ?? (file === STDIN ? undefined : dirname(file));
    const project = context === undefined ? NO_PROJECT : nodeProject(context);
    const result = convert(text, { ...options, project });
    if (result.status === 'error' && result.stack && f.debug) process.stderr.write(`${result.stack}\n`);
    let report = fileReport(shown, result);
    if (f.stdout) stdoutText = result.output;
    if (result.status === 'converted') {
      if (f.write) {
        try {
          await writeAtomic(file, result.output, text);
        } catch (e) {
          report = errorReport(shown, e instanceof FileError ? e.message : String(e));
        }
      } else if (!f.check && !f.json && !f.stdout) {
        diffs.push((await import('./report/diff.ts')).unifiedDiff(shown, text, result.output));
      }
    }
    reports.push(report);
  }
  const seconds = (performance.now() - started) / 1000;

  if (f.stdout && stdoutText !== undefined) process.stdout.write(stdoutText);
  else if (f.json) process.stdout.write(jsonReport(reports));
  else if (diffs.length) process.stdout.write(diffs.join(''));
  if (f.report) await writeReport(f.report, reports);
  for (const r of reports) {
    if (r.status === 'error' || !f.quiet) process.stderr.write(fileSummary(r, plain));
  }
  const s = summarize(reports);
  if (!f.quiet) process.stderr.write(counters(s, seconds, plain));
  if (s.error > 0) return 1;
  if (f.check && s.converted > 0) return 1;
  return 0;
}

function errorReport(path: string, reason: string): FileReport {
  return { path, status: 'error', ecosystem: null, changes: [], notes: [], reason };
}

/** Paths as the user would write them: relative to the working folder when inside it. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') ? file : rel || file;
}

async function writeReport(path: string, reports: readonly FileReport[]): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  if (/\.json$/i.test(path)) writeFileSync(path, jsonReport(reports));
  else writeFileSync(path, (await import('./report/markdown.ts')).markdownReport(reports));
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
