// The batch progress line: counters and the file last done, on stderr, on a terminal only (status-line.ts).
// Other output goes through `print`, so the two never mix.
import type { Progress } from './migrate.ts';
import { statusLine } from './status-line.ts';

export interface ProgressLine {
  update(p: Progress): void;
  /** Writes `text` to the stream without garbling the line. */
  print(text: string): void;
  /** Removes the line for good. */
  end(): void;
}

const EVERY_MS = 80;

export function progressLine(stream: NodeJS.WriteStream, enabled: boolean): ProgressLine {
  let latest: Progress | undefined;
  const line = statusLine(stream, enabled, () => {
    if (!latest) return '';
    const { done, total, summary: s, last: path } = latest;
    return `${done}/${total} · ${s.split} split, ${s.improved} improved, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error} errors · ${path}`;
  });
  if (!line) return { update() {}, print: (text) => void stream.write(text), end() {} };
  let last = 0;
  return {
    update(p) {
      latest = p;
      const now = performance.now();
      if (now - last < EVERY_MS && p.done < p.total) return;
      last = now;
      line.draw();
    },
    print: line.print,
    end: line.clear,
  };
}
