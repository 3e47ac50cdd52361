// Applies text edits in one pass. Edits never overlap (ts-migrate's TODO, made an error); inserts at the same
// offset keep the order they were given in, so a transform controls the order of the lines it adds.
import type { Message } from '../messages.ts';
import type { Range } from '../model/model.ts';

export interface Edit {
  readonly range: Range;
  /** '' deletes; an empty range inserts. */
  readonly text: string;
  readonly reason: Message;
}

export class EditOverlapError extends Error {
  constructor(readonly a: Edit, readonly b: Edit) {
    super(`edits overlap at ${a.range[0]}-${a.range[1]} and ${b.range[0]}-${b.range[1]}`);
  }
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits
    .map((e, order) => ({ e, order }))
    .sort((x, y) => x.e.range[0] - y.e.range[0] || x.e.range[1] - y.e.range[1] || x.order - y.order)
    .map((x) => x.e);
  let out = '';
  let pos = 0;
  let prev: Edit | undefined;
  for (const e of sorted) {
    const [start, end] = e.range;
    if (start < pos || (prev && start < prev.range[1])) throw new EditOverlapError(prev!, e);
    out += text.slice(pos, start) + e.text;
    pos = end;
    prev = e;
  }
  return out + text.slice(pos);
}
