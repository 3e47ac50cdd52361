// One file of a batch: read, convert with its build context, then write it or diff it. The same function runs
// in the main thread and in the workers; whatever happens, it returns a small entry and never throws, so one
// bad file never stops the batch.
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError, configFor } from '../config.ts';
import { appendLines, FileError, nodeProject, readDockerfile, writeAtomic } from '../fs.ts';
import { NO_PROJECT } from '../analyze/project.ts';
import { convert, type ConvertOptions } from '../convert.ts';
import { fileReport, type FileReport } from '../report/results.ts';
import { STDIN, type Target } from './discover.ts';

/** What a file needs besides its path; plain data, so it can be handed to a worker. */
export interface FileOptions {
  readonly convert: Omit<ConvertOptions, 'project'>;
  /** Build context for every file (default: each Dockerfile's own folder). */
  readonly context?: string;
  readonly write?: boolean;
  /** Compute the unified diff of converted files (also with `write`: the report shows what was written). */
  readonly diff?: boolean;
  /** Keep the converted text (for --stdout). */
  readonly output?: boolean;
  /** Apply the config file found from each Dockerfile's folder upwards, under `convert` (the command line wins). */
  readonly config?: boolean;
}

export interface Job extends Target {
  readonly index: number;
}

export interface Entry {
  /** Position in the batch: entries are handed out in this order. */
  readonly index: number;
  readonly file: string;
  readonly report: FileReport;
  readonly diff?: string;
  readonly output?: string;
  /** Stack of an internal error (shown with --debug). */
  readonly stack?: string;
}

export function errorReport(path: string, reason: string): FileReport {
  return { path, status: 'error', ecosystem: null, changes: [], notes: [], split: false, kinds: [], reason };
}

let diffModule: Promise<typeof import('../report/diff.ts')> | undefined;

/** How a file of the build context is shown: next to the Dockerfile's shown path, or under the --context folder. */
function shownInContext(dockerfile: string, context: string | undefined, path: string): string {
  if (context === undefined) return join(dirname(dockerfile), path);
  const rel = relative(process.cwd(), resolve(context, path));
  return rel.startsWith('..') ? resolve(context, path) : rel;
}

export async function processFile(job: Job, options: FileOptions, readStdin?: () => Promise<string>): Promise<Entry> {
  const { index, file, shown } = job;
  const fail = (e: unknown): Entry => ({
    index,
    file,
    report: errorReport(shown, e instanceof FileError || e instanceof ConfigError ? e.message : `internal error: ${(e as Error)?.message ?? String(e)}`),
    ...(e instanceof FileError || e instanceof ConfigError ? {} : { stack: (e as Error)?.stack }),
  });
  let text: string;
  try {
    if (file === STDIN) {
      if (!readStdin) throw new FileError(file, 'standard input is not available here');
      text = await readStdin();
    } else text = readDockerfile(file);
  } catch (e) {
    return fail(e);
  }
  try {
    const context = options.context ?? (file === STDIN ? undefined : dirname(file));
    const project = context === undefined ? NO_PROJECT : nodeProject(context);
    const settings = options.config ? { ...configFor(file === STDIN ? process.cwd() : dirname(file)).settings, ...options.convert } : options.convert;
    const result = convert(text, { ...settings, project });
    const entry: { -readonly [K in keyof Entry]: Entry[K] } = { index, file, report: fileReport(shown, result) };
    if (result.stack) entry.stack = result.stack;
    if (options.output) entry.output = result.output;
    if (result.status === 'converted') {
      // Context files first: alone they change nothing the original build relies on, while a Dockerfile written
      // without them could build differently.
      const companions = result.companions.map((c) => ({ ...c, file: resolve(context ?? '.', c.path), shown: shownInContext(shown, options.context, c.path) }));
      if (options.write) {
        for (const c of companions) await appendLines(c.file, c.lines, c.header);
        await writeAtomic(file, result.output, text);
      }
      if (options.diff) {
        const { diffPath, unifiedDiff } = await (diffModule ??= import('../report/diff.ts'));
        entry.diff = unifiedDiff(diffPath(shown, file), text, result.output) + companions.map((c) => unifiedDiff(diffPath(c.shown, c.file), c.before, c.after)).join('');
      }
    }
    return entry;
  } catch (e) {
    return fail(e);
  }
}
