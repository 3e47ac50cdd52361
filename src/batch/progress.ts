// The batch progress line: one `\r`-updated line on stderr, only on a terminal that reports its width (a pty
// without a size reports 0 columns, and redrawing there floods the log). Other output goes through `print`,
// which takes the line away first and draws it again after, so the two never mix.
import type { Progress } from './migrate.ts';

export interface ProgressLine {
  update(p: Progress): void;
  /** Writes `text` to the stream without garbling the line. */
  print(text: string): void;
  /** Removes the line for good. */
  end(): void;
}

const EVERY_MS = 80;

export function progressLine(stream: NodeJS.WriteStream, enabled: boolean): ProgressLine {
  const columns = stream.columns ?? 0;
  if (!enabled || !stream.isTTY || columns <= 0) {
    return { update() {}, print: (text) => void stream.write(text), end() {} };
  }
  let shown = '';
  let last = 0;
  let latest: Progress | undefined;
  const draw = (): void => {
    if (!latest) return;
    const { done, total, summary: s, last: path } = latest;
    const head = `${done}/${total} · ${s.split} split, ${s.improved} improved, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error} errors · `;
    const width = Math.max(0, (stream.columns || columns) - 1);
    shown = (head + path).slice(0, width);
    stream.write(`\r${shown}\x1b[K`);
  };
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[K');
    shown = '';
  };
  return {
    update(p) {
      latest = p;
      const now = performance.now();
      if (now - last < EVERY_MS && p.done < p.total) return;
      last = now;
      draw();
    },
    print(text) {
      const had = shown !== '';
      clear();
      stream.write(text);
      if (had) draw();
    },
    end: clear,
  };
}
