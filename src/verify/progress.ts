// The progress line of a verify run: builds take minutes, so a terminal shows which file is at which step and
// for how long, redrawn every second in place. Off the terminal (CI logs, pipes) nothing is drawn: the
// per-file lines are the record there.

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
  const columns = stream.columns ?? 0;
  if (!enabled || !stream.isTTY || columns <= 0) {
    return { stage() {}, finish() {}, print: (text) => void stream.write(text), end() {} };
  }
  const active = new Map<string, { what: string; since: number }>();
  let done = 0;
  let shown = '';
  const draw = (): void => {
    if (!active.size) return clear();
    const parts = [...active].map(([file, s]) => `${file}: ${s.what} ${Math.floor((now() - s.since) / 1000)} s`);
    const width = Math.max(0, (stream.columns || columns) - 1);
    shown = `verify ${done}/${total} · ${parts.join(' · ')}`.slice(0, width);
    stream.write(`\r${shown}\x1b[K`);
  };
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = '';
  };
  const clock = setInterval(draw, 1000);
  clock.unref();
  return {
    stage(file, what) {
      active.set(file, { what, since: now() });
      draw();
    },
    finish(file) {
      active.delete(file);
      done++;
      draw();
    },
    print(text) {
      const had = shown !== '';
      clear();
      stream.write(text);
      if (had) draw();
    },
    end() {
      clearInterval(clock);
      clear();
    },
  };
}
