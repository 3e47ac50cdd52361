// The progress line of a verify run: builds take minutes, so a terminal shows which file is at which step and
// for how long, redrawn every second in place. Off the terminal (CI logs, pipes) nothing is drawn: the
// per-file lines are the record there.
import { statusLine } from '../batch/status-line.ts';

export interface VerifyProgress {
  /** `file` is now doing `what` (building original, running converted, ...). */
  stage(file: string, what: string): void;
  /** `file` is finished. */
  finish(file: string): void;
  /** Writes `text` without garbling the line. */
  print(text: string): void;
  /** Removes the line for good and stops the clock. */
  end(): void;
}

export function verifyProgress(stream: NodeJS.WriteStream, enabled: boolean, total: number, now: () => number = () => performance.now()): VerifyProgress {
  const active = new Map<string, { what: string; since: number }>();
  let done = 0;
  const line = statusLine(stream, enabled, () => {
    if (!active.size) return '';
    const parts = [...active].map(([file, s]) => `${file}: ${s.what} ${Math.floor((now() - s.since) / 1000)} s`);
    return `verify ${done}/${total} · ${parts.join(' · ')}`;
  });
  if (!line) return { stage() {}, finish() {}, print: (text) => void stream.write(text), end() {} };
  const clock = setInterval(line.draw, 1000);
  clock.unref();
  return {
    stage(file, what) {
      active.set(file, { what, since: now() });
      line.draw();
    },
    finish(file) {
      active.delete(file);
      done++;
      line.draw();
    },
    print: line.print,
    end() {
      clearInterval(clock);
      line.clear();
    },
  };
}
