// Dockerfile-aware edit builders (ESLint's RuleFixer idea). Every builder takes a reason, moves reuse the
// original bytes (continuations, comments, casing), and new lines use the file's own EOL.
import type { Message } from '../messages.ts';
import type { Instruction, Model } from '../model/model.ts';
import { applyEdits, EditOverlapError, type Edit } from './apply.ts';

export interface Fixer {
  /** The model whose offsets the edits use. */
  readonly model: Model;
  /** Lines (without EOL) → one block in the file's EOL style, ending with an EOL. */
  block(lines: readonly string[]): string;
  /** Insert a block before the instruction and the comments attached above it. */
  insertBefore(ins: Instruction, text: string, reason: Message): Edit;
  /** Insert a block after the instruction's last line. */
  insertAfter(ins: Instruction, text: string, reason: Message): Edit;
  /** Insert a flag after the instruction's existing flags (`COPY --from=b ` → `COPY --from=b --chown=x `). */
  insertFlag(ins: Instruction, flag: string, reason: Message): Edit;
  /**
   * Append a block at the end of the file, one blank line below what the transform's `others` edits leave
   * there (a moved last line, a blank line left above moved lines); more blocks may follow at the same offset.
   */
  append(text: string, reason: Message, others?: readonly Edit[]): Edit;
  /** Remove the instruction with its attached comments. */
  remove(ins: Instruction, reason: Message): Edit;
  /** The original text of the instruction and its attached comments, EOL-terminated. */
  textOf(ins: Instruction, withLeading?: boolean): string;
  replace(range: readonly [number, number], text: string, reason: Message): Edit;
  /** A keyword in the file's casing (`AS` → `as` in a lower-case file). */
  word(keyword: string): string;
}

export function createFixer(m: Model): Fixer {
  const eol = m.eol;
  // New lines follow the file's keyword casing (`run` in an all-lower-case file); asked only when a line is written.
  let lower: boolean | undefined;
  const isLower = (): boolean => (lower ??= m.instructions.length > 0 && m.instructions.every((i) => m.text.startsWith(i.keyword.toLowerCase(), i.range[0])));
  const line = (l: string): string => (isLower() ? l.replace(/^[A-Z]+\b/, (k) => k.toLowerCase()).replace(/ AS (\w)/, ' as $1') : l);
  const startOf = (ins: Instruction): number => ins.leading?.[0] ?? ins.lines[0];
  const atEnd = (offset: number): boolean => offset === m.text.length && !m.finalNewline;
  return {
    model: m,
    block: (lines) => lines.map((l) => line(l) + eol).join(''),
    insertBefore: (ins, text, reason) => ({ range: [startOf(ins), startOf(ins)], text, reason }),
    insertAfter: (ins, text, reason) => {
      const at = ins.lines[1];
      // At the end of a file without a final newline: start a new line, and keep the file without one.
      return { range: [at, at], text: atEnd(at) ? eol + text.slice(0, -eol.length) : text, reason };
    },
    insertFlag: (ins, flag, reason) => {
      const last = ins.flags[ins.flags.length - 1];
      if (last) return { range: [last.range[1], last.range[1]], text: ' ' + flag, reason };
      const at = ins.range[0] + ins.keyword.length;
      return { range: [at, at], text: ' ' + flag, reason };
    },
    // The appended block ends with an EOL even when the file did not: later blocks follow it on new lines.
    append: (text, reason, others = []) => {
      const before = others.length ? textAfter(m.text, others) : m.text;
      const gap = /\n[ \t]*\r?\n$/.test(before) ? '' : before.endsWith('\n') ? eol : eol + eol;
      return { range: [m.text.length, m.text.length], text: gap + text, reason };
    },
    remove: (ins, reason) => {
      // Blank lines above go too when a blank line (or the end) follows: the gap stays one gap, not two.
      let start = startOf(ins);
      const end = ins.lines[1];
      const rest = m.text.slice(end, m.text.indexOf('\n', end) + 1 || m.text.length);
      if (end === m.text.length || /^[ \t\r]*\n?$/.test(rest)) {
        while (start > 0) {
          const prev = m.text.lastIndexOf('\n', start - 2) + 1;
          if (!/^[ \t\r]*\n$/.test(m.text.slice(prev, start)) || prev < (m.bom ? 1 : 0)) break;
          start = prev;
        }
      }
      return { range: [start, end], text: '', reason };
    },
    textOf: (ins, withLeading = true) => {
      const t = m.text.slice(withLeading ? startOf(ins) : ins.lines[0], ins.lines[1]);
      return t.endsWith('\n') ? t : t + eol;
    },
    replace: (range, text, reason) => ({ range, text, reason }),
    word: (k) => (isLower() ? k.toLowerCase() : k),
  };
}

/** The text as `edits` leave it; overlapping edits are reported where the pipeline applies them, naming their transform. */
function textAfter(text: string, edits: readonly Edit[]): string {
  try {
    return applyEdits(text, edits);
  } catch (e) {
    if (e instanceof EditOverlapError) return text;
    throw e;
  }
}
