import { describe, expect, it } from 'vitest';
import { ConvertError } from '../../src/errors.ts';
import { parse } from '../../src/model/parse.ts';

const fails = (text: string): ConvertError => {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ConvertError) return e;
    throw e;
  }
  throw new Error('parsed');
};

describe('parse', () => {
  it('builds stages, offsets, flags and exec form', () => {
    const text = 'ARG V=20\nFROM --platform=$BUILDPLATFORM node:${V} AS Build\nRUN --mount=type=cache,target=/root/.npm npm ci\nCMD ["node", "a.js"]\n';
    const m = parse(text);
    expect(m.stages.map((s) => [s.name, s.image, s.platform])).toEqual([['Build', 'node:${V}', '$BUILDPLATFORM']]);
    expect(m.globalArgs).toHaveLength(1);
    const run = m.instructions[2];
    expect(run.flags[0].name).toBe('mount');
    expect(run.rawArgs).toBe('npm ci');
    expect(text.slice(run.argsRange![0], run.argsRange![1])).toBe('npm ci');
    expect(m.instructions[3].json).toEqual(['node', 'a.js']);
  });
  it('blanks continuations and comment lines in args, keeping offsets', () => {
    const text = 'FROM a\r\nRUN apt-get update \\\r\n# note\r\n    && make\r\n';
    const run = parse(text).instructions[1];
    expect(run.args.length).toBe(run.rawArgs.length);
    expect(run.args.replace(/\s+/g, ' ')).toBe('apt-get update && make');
    expect(run.line).toBe(2);
    expect(run.endLine).toBe(4);
  });
  it('honours the escape directive and the BOM', () => {
    const m = parse('\uFEFF# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  C:\\\n');
    expect(m.escape).toBe('`');
    expect(m.bom).toBe(true);
    expect(m.directives[0]).toMatchObject({ name: 'escape', value: '`' });
  });
  it('attaches comment lines directly above an instruction', () => {
    const text = 'FROM a\n\n# one\n# two\nRUN x\n';
    const m = parse(text);
    expect(text.slice(m.instructions[1].leading![0], m.instructions[1].leading![1])).toBe('# one\n# two\n');
  });
  it('rejects what Docker rejects, with the line', () => {
    expect(fails('').id).toBe('empty-file');
    expect(fails('\n  \n').id).toBe('empty-file');
    expect(fails('const x = 1;\nconsole.log(x)\n')).toMatchObject({ id: 'unknown-instruction', line: 1 });
    expect(fails('# just a comment\nRUN echo hi\n').id).toBe('no-from');
    expect(fails('FROM a\nRUN echo \\\n')).toMatchObject({ id: 'unterminated-continuation', line: 2 });
    expect(fails('FROM a\nBOGUS x\n')).toMatchObject({ id: 'unknown-instruction', line: 2 });
  });
});
