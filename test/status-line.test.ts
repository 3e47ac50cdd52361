// The terminal status line shared by the batch progress and verify's progress.
import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/batch/progress.ts';
import { statusLine } from '../src/batch/status-line.ts';

function terminal(columns: number, tty = true) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: tty, columns, write: (t: string) => writes.push(t) } as unknown as NodeJS.WriteStream };
}

describe('statusLine', () => {
  it('draws in place, cut to the width, and draws the current state again after printed text', () => {
    const { writes, stream } = terminal(11);
    let state = 'first state';
    const line = statusLine(stream, true, () => state)!;
    line.draw();
    state = 'second';
    line.print('done\n');
    line.clear();
    line.clear();
    expect(writes).toEqual(['\rfirst stat\x1b[K', '\r\x1b[K', 'done\n', '\rsecond\x1b[K', '\r\x1b[K']);
  });

  it('no line off a terminal, on a terminal without a width, or when not wanted', () => {
    expect(statusLine(terminal(80, false).stream, true, () => 'x')).toBeNull();
    expect(statusLine(terminal(0).stream, true, () => 'x')).toBeNull();
    expect(statusLine(terminal(80).stream, false, () => 'x')).toBeNull();
  });
});

describe('progressLine (batch)', () => {
  it('shows the counters and the last file, and keeps them under printed lines', () => {
    const { writes, stream } = terminal(200);
    const p = progressLine(stream, true);
    p.update({ done: 1, total: 2, summary: { converted: 1, split: 1, improved: 0, unchanged: 0, skipped: 0, error: 0 }, last: 'a/Dockerfile' });
    p.print('converted a/Dockerfile\n');
    p.end();
    expect(writes).toEqual([
      '\r1/2 · 1 split, 0 improved, 0 unchanged, 0 skipped, 0 errors · a/Dockerfile\x1b[K',
      '\r\x1b[K',
      'converted a/Dockerfile\n',
      '\r1/2 · 1 split, 0 improved, 0 unchanged, 0 skipped, 0 errors · a/Dockerfile\x1b[K',
      '\r\x1b[K',
    ]);
  });
});
