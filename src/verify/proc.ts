// Engine commands as child processes: bounded in time and in the output kept, and registered while they run so
// that an interrupt can stop every one of them before the run's containers and images are removed (a build
// still running when the cleanup lists images could otherwise add one afterwards).
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcResult {
  /** Exit code; null when the process was stopped (timeout, interrupt) or could not start. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The process could not start (ENOENT, EACCES, ...), or was refused because the run is shutting down. */
  readonly error?: NodeJS.ErrnoException;
  readonly seconds: number;
}

export interface ProcOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** `latin1` keeps bytes as they are (a tar stream from `docker cp`). */
  readonly encoding?: BufferEncoding;
  /** Cleanup commands still run after the shutdown began; everything else is refused then. */
  readonly cleanup?: boolean;
  /** Reads all of stdout as it comes, instead of keeping it (`docker save` of a whole image, searched as it streams). */
  readonly onStdout?: (chunk: string) => void;
}

/** Bytes kept per stream: a build log's tail is what matters, and an app's stdout beyond this is not compared. */
export const MAX_KEPT = 8 * 1024 * 1024;

const live = new Set<ChildProcess>();
let shuttingDown = false;

/** A stream kept up to MAX_KEPT characters: the head for stdout (compared), the tail for stderr (logs). */
function keeper(keepTail: boolean) {
  let text = '';
  return {
    add(chunk: string): void {
      text += chunk;
      if (text.length > MAX_KEPT) text = keepTail ? text.slice(text.length - MAX_KEPT) : text.slice(0, MAX_KEPT);
    },
    get text(): string {
      return text;
    },
  };
}

export function runProcess(command: string, args: readonly string[], options: ProcOptions = {}): Promise<ProcResult> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  if (shuttingDown && !options.cleanup) {
    const error = Object.assign(new Error('interrupted'), { code: 'EINTR' }) as NodeJS.ErrnoException;
    return Promise.resolve({ code: null, stdout: '', stderr: '', timedOut: false, error, seconds: 0 });
  }
  return new Promise((resolve) => {
    const out = keeper(false);
    const err = keeper(true);
    let timedOut = false;
    let failure: NodeJS.ErrnoException | undefined;
    const child = spawn(command, [...args], { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const encoding = options.encoding ?? 'utf8';
    child.stdout.setEncoding(encoding);
    child.stderr.setEncoding(encoding);
    // A reader of the whole stream keeps nothing more: holding the head of a saved image would only cost copies.
    child.stdout.on('data', options.onStdout ?? ((d: string) => out.add(d)));
    child.stderr.on('data', (d: string) => err.add(d));
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGTERM');
            // A client that ignores SIGTERM must not hold the run forever.
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }, options.timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) => {
      failure = e;
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      live.delete(child);
      resolve({ code: failure ? null : code, stdout: out.text, stderr: err.text, timedOut, seconds: seconds(), ...(failure ? { error: failure } : {}) });
    });
  });
}

/**
 * Refuses new commands (but cleanup ones), stops those running and waits until they have exited (SIGKILL after
 * `graceMs`): the engine then has no client of ours left that could still create something.
 */
export async function stopAll(graceMs = 5000): Promise<void> {
  shuttingDown = true;
  const children = [...live];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('close', () => done());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
        }),
    ),
  );
}

export const isShuttingDown = (): boolean => shuttingDown;
