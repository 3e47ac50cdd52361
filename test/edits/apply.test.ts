import { describe, expect, it } from 'vitest';
import { applyEdits, EditOverlapError, type Edit } from '../../src/edits/apply.ts';
import { createFixer } from '../../src/edits/fixer.ts';
import { msg } from '../../src/messages.ts';
import { parse } from '../../src/model/parse.ts';

const r = msg('copy-move-sources');
const e = (start: number, end: number, text: string): Edit => ({ range: [start, end], text, reason: r });

describe('applyEdits', () => {
  it('applies edits in offset order and keeps the order of inserts at one offset', () => {
    expect(applyEdits('abcdef', [e(4, 5, 'E'), e(1, 1, 'x'), e(1, 1, 'y'), e(0, 1, 'A')])).toBe('Axybcd' + 'E' + 'f');
  });
  it('rejects overlapping edits', () => {
    expect(() => applyEdits('abcdef', [e(1, 4, 'x'), e(3, 5, 'y')])).toThrow(EditOverlapError);
    expect(() => applyEdits('abcdef', [e(1, 4, 'x'), e(2, 2, 'y')])).toThrow(EditOverlapError);
  });
  it('allows an insert where a replacement ends', () => {
    expect(applyEdits('abc', [e(0, 1, 'X'), e(1, 1, 'y')])).toBe('Xybc');
  });
});

describe('fixer', () => {
  it('moves keep the original bytes, CRLF and the comments attached above', () => {
    const text = '\uFEFFFROM a\r\n# why\r\nCOPY . .\r\nRUN x\r\n';
    const m = parse(text);
    const fix = createFixer(m);
    const copy = m.instructions[1];
    const out = applyEdits(text, [fix.remove(copy, r), fix.insertAfter(m.instructions[2], fix.textOf(copy), r)]);
    expect(out).toBe('\uFEFFFROM a\r\nRUN x\r\n# why\r\nCOPY . .\r\n');
  });
  it('inserting before the first line keeps the BOM first', () => {
    const text = '\uFEFFFROM a\nRUN x\n';
    const m = parse(text);
    const fix = createFixer(m);
    expect(applyEdits(text, [fix.insertBefore(m.instructions[0], fix.block(['ARG V=1']), r)])).toBe('\uFEFFARG V=1\nFROM a\nRUN x\n');
  });
  it('appending to a file without a final newline starts a new line', () => {
    const text = 'FROM a\nCMD ["x"]';
    const m = parse(text);
    const fix = createFixer(m);
    expect(applyEdits(text, [fix.insertAfter(m.instructions[1], fix.block(['USER app']), r)])).toBe('FROM a\nCMD ["x"]\nUSER app');
  });
  it('removing a block keeps one gap, not two', () => {
    const text = 'FROM a\nRUN x\n\n# port\nEXPOSE 1\n\nCMD ["y"]\n';
    const m = parse(text);
    const fix = createFixer(m);
    expect(applyEdits(text, [fix.remove(m.instructions[2], r)])).toBe('FROM a\nRUN x\n\nCMD ["y"]\n');
    expect(applyEdits(text, [fix.remove(m.instructions[2], r), fix.remove(m.instructions[3], r)])).toBe('FROM a\nRUN x\n');
    const tight = 'FROM a\n\nRUN x\nCMD ["y"]\n';
    const t = parse(tight);
    expect(applyEdits(tight, [createFixer(t).remove(t.instructions[1], r)])).toBe('FROM a\n\nCMD ["y"]\n');
  });
  it('new lines follow a lower-case file', () => {
    const m = parse('from a\nrun x\n');
    expect(createFixer(m).block(['RUN y', 'FROM b AS c'])).toBe('run y\nfrom b as c\n');
  });
});
