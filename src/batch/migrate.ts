// The batch runner behind the CLI: discover → convert with bounded concurrency → hand out the entries in
// input order. Large batches run on worker threads; the main thread only schedules and reorders. Memory
// stays flat in the number of files: entries are handed to `onFile` as soon as their turn comes and are only
// kept when `collect` asks for the reports, and no more than WINDOW files are in flight or waiting for
// their turn, so a slow file cannot make the reorder buffer grow.
import { availableParallelism } from 'node:os';
import { inScope, type OptionsIn } from '../option-table.ts';
import { count, emptySummary, type FileReport, type Summary } from '../report/results.ts';
import { discover, STDIN, type DiscoverOptions, type Discovery } from './discover.ts';
import { errorReport, processFile, type Entry, type FileOptions, type Job } from './file.ts';
import { CHUNK, decodeEntries } from './protocol.ts';
import { parseShard, type Shard } from './shard.ts';
import { decodeUtf8 } from '../fs.ts';

export type { Entry } from './file.ts';

/**
 * The options of the table (options.ts) that convert, discover and batch files — conversion settings, --include,
 * --concurrency, --write, ... — and the hooks a library caller adds. Documented in options.ts.
 */
export interface MigrateOptions extends Omit<OptionsIn<'convert' | 'discover' | 'batch'>, 'shard'>, Pick<DiscoverOptions, 'cwd'> {
  /** `I/N` or {index, count}: convert only this job's share of the files. */
  readonly shard?: Shard | string;
  /** Compute the unified diff of each converted file (Entry.diff). */
  readonly diff?: boolean;
  /** Keep each converted text (Entry.output). */
  readonly output?: boolean;
  /** Keep every FileReport in the result (default true; the CLI asks only when it prints JSON or a report). */
  readonly collect?: boolean;
  /** Worker threads: 'auto' (default) uses them above WORKER_THRESHOLD files when concurrency > 1. */
  readonly workers?: boolean | 'auto';
  /** Old-generation cap of each worker's heap in MB (default WORKER_HEAP_MB); see WORKER_HEAP_MB. */
  readonly workerHeapMb?: number;
  /** Called once per file (and per argument that found none), in input order. */
  readonly onFile?: (entry: Entry) => void;
  /** Called as files complete, in completion order. */
  readonly onProgress?: (progress: Progress) => void;
  /** Where `-` reads from (default: process.stdin). */
  readonly readStdin?: () => Promise<string>;
}

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly summary: Summary;
  readonly last: string;
}

export interface MigrateResult {
  /** Every file's report in input order (empty when `collect` is false). */
  readonly files: readonly FileReport[];
  readonly summary: Summary;
  readonly total: number;
  readonly seconds: number;
  /** Worker threads started: 0 when the batch ran in this thread; more than --concurrency when some were replaced. */
  readonly workers: number;
}

/**
 * One core is left to V8: a single conversion thread already keeps about half of another core busy with
 * background compilation and GC, so on two cores a second worker made the corpus slower (measured), not faster.
 */
export const defaultConcurrency = (): number => Math.max(1, availableParallelism() - 1);

/** Below this many files, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 100;
/**
 * Each worker's heap is capped, so memory stays flat however long the batch. V8 leaves room for garbage in
 * proportion to the cap: under 256 MB the old generation grows to a small multiple of what is live before it is
 * collected, against up to 4× under the default cap of several GB; and a 24 MB young generation stops it from
 * doubling to 48 MB as a long run goes on. 10,000 files at --concurrency 2: peak RSS 204–212 → 168–174 MiB, no slower.
 * A conversion needs a few MB (20,000 generated lines still fit); a file that needs more than the cap is converted
 * again in the main thread, and its worker is replaced.
 */
export const WORKER_HEAP_MB = 256;
const WORKER_YOUNG_MB = 24;
/** At most this many files past the next one to hand out are in flight or waiting (the reorder buffer bound). */
const WINDOW = 256;

/** The worker script, when running from the build (the TypeScript sources cannot start a worker under Node 20). */
const WORKER_URL = import.meta.url.endsWith('.js') ? new URL('./worker.js', import.meta.url) : undefined;

export async function migrate(paths: readonly string[] | Discovery, options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const shard = typeof options.shard === 'string' ? parseShard(options.shard) : options.shard;
  if (typeof options.shard === 'string' && !shard) throw new RangeError(`invalid shard "${options.shard}" (expected I/N with 1 ≤ I ≤ N)`);
  const found = isDiscovery(paths) ? paths : await discover(paths, { ...options, shard });
  const collect = options.collect !== false;
  const files: FileReport[] = [];
  const summary = emptySummary();
  const total = found.problems.length + found.targets.length;
  let done = 0;

  const emit = (entry: Entry): void => {
    count(summary, entry.report);
    if (collect) files.push(entry.report);
    options.onFile?.(entry);
  };
  const order = new InOrder(emit);
  const deliver = (entry: Entry): void => {
    done++;
    options.onProgress?.({ done, total, summary: { ...summary }, last: entry.report.path });
    order.push(entry);
  };

  found.problems.forEach((p, index) => deliver({ index, file: p.path, report: errorReport(p.path, p.reason) }));
  const jobs: Job[] = found.targets.map((t, i) => ({ ...t, index: found.problems.length + i }));
  const fileOptions: FileOptions = {
    convert: convertOptions(options),
    context: options.context,
    write: options.write,
    diff: options.diff,
    output: options.output,
    config: options.config,
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency()));
  const wantWorkers = options.workers ?? 'auto';
  const useWorkers =
    WORKER_URL !== undefined &&
    concurrency > 1 &&
    !jobs.some((j) => j.file === STDIN) &&
    (wantWorkers === true || (wantWorkers === 'auto' && jobs.length > WORKER_THRESHOLD));
  const readStdin = options.readStdin ?? readProcessStdin;
  let workers = 0;
  if (useWorkers) workers = await inWorkers(jobs, fileOptions, { count: concurrency, heapMb: options.workerHeapMb ?? WORKER_HEAP_MB }, deliver, order);
  else await inProcess(jobs, fileOptions, concurrency, deliver, readStdin);
  return { files, summary, total, seconds: (performance.now() - started) / 1000, workers };
}

const isDiscovery = (p: readonly string[] | Discovery): p is Discovery => !Array.isArray(p);

/** The conversion options (plain data, so a worker can receive them): the table's `convert` scope. */
const convertOptions = (o: MigrateOptions): FileOptions['convert'] => inScope(o, 'convert');

/** Hands entries out in index order, holding back those that finished early. */
class InOrder {
  next = 0;
  private readonly waiting = new Map<number, Entry>();
  constructor(private readonly emit: (e: Entry) => void) {}
  push(entry: Entry): void {
    this.waiting.set(entry.index, entry);
    for (let e = this.waiting.get(this.next); e; e = this.waiting.get(this.next)) {
      this.waiting.delete(this.next++);
      this.emit(e);
    }
  }
}

async function inProcess(jobs: readonly Job[], options: FileOptions, concurrency: number, deliver: (e: Entry) => void, readStdin: () => Promise<string>): Promise<void> {
  let next = 0;
  const runner = async (): Promise<void> => {
    while (next < jobs.length) deliver(await processFile(jobs[next++]!, options, readStdin));
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, runner));
}

interface Slot {
  readonly worker: import('node:worker_threads').Worker;
  readonly inFlight: Map<number, Job>;
  alive: boolean;
  /** Files it has sent back: a worker that ran out of memory after some is replaced, one that could not start is not. */
  finished: number;
}

/** Converts the jobs on worker threads; resolves to the number of workers started. */
async function inWorkers(jobs: readonly Job[], options: FileOptions, pool: { count: number; heapMb: number }, deliver: (e: Entry) => void, order: InOrder): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  let next = 0;
  let remaining = jobs.length;
  const slots: Slot[] = [];
  return new Promise<number>((resolve) => {
    const finish = (): void => {
      for (const s of slots) {
        s.alive = false;
        void s.worker.terminate();
      }
      resolve(slots.length);
    };
    const feed = (): void => {
      const alive = slots.filter((s) => s.alive);
      if (alive.length === 0 && next < jobs.length) {
        // Every worker died: finish the batch in this thread rather than lose files.
        const rest = jobs.slice(next);
        next = jobs.length;
        void inProcess(rest, options, 1, settle, readProcessStdin);
        return;
      }
      for (const s of alive) {
        if (s.inFlight.size > CHUNK / 2) continue;
        const chunk: Job[] = [];
        while (s.inFlight.size + chunk.length < CHUNK && next < jobs.length && jobs[next]!.index < order.next + WINDOW) chunk.push(jobs[next++]!);
        for (const j of chunk) s.inFlight.set(j.index, j);
        if (chunk.length) s.worker.postMessage(chunk);
      }
    };
    const settle = (e: Entry): void => {
      deliver(e);
      if (--remaining === 0) finish();
      else feed();
    };
    const lost = (s: Slot, why: string, outOfMemory = false): void => {
      if (!s.alive) return;
      s.alive = false;
      const orphans = [...s.inFlight.values()];
      s.inFlight.clear();
      // Out of memory under the worker's cap: the files it held get the main thread's uncapped heap, and a worker
      // that had been converting takes its place (one huge file must not halve the rest of the batch).
      if (outOfMemory) {
        void inProcess(orphans, options, 1, settle, readProcessStdin);
        if (s.finished > 0 && next < jobs.length) start();
      } else for (const j of orphans) settle({ index: j.index, file: j.file, report: errorReport(j.shown, `internal error: worker stopped (${why})`) });
      if (remaining > 0) feed();
    };
    const resourceLimits = { maxOldGenerationSizeMb: pool.heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB };
    const start = (): void => {
      const worker = new Worker(WORKER_URL!, { workerData: options, resourceLimits });
      const slot: Slot = { worker, inFlight: new Map(), alive: true, finished: 0 };
      worker.on('message', (batch: string) => {
        for (const e of decodeEntries(batch)) {
          slot.inFlight.delete(e.index);
          slot.finished++;
          settle(e);
        }
      });
      worker.on('error', (err: Error & { code?: string }) => lost(slot, err.message, err.code === 'ERR_WORKER_OUT_OF_MEMORY'));
      worker.on('exit', (code) => lost(slot, `exit code ${code}`));
      slots.push(slot);
    };
    if (jobs.length === 0) return resolve(0);
    for (let i = 0; i < Math.min(pool.count, Math.ceil(jobs.length / CHUNK)); i++) start();
    feed();
  });
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Strict like files: a byte that is not UTF-8 is an error with its line, never a U+FFFD written out.
  return decodeUtf8('<stdin>', Buffer.concat(chunks));
}
