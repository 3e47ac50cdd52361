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
  it('reads exec form that starts on a continuation line, and heredocs only where `<<` is', () => {
    const m = parse('FROM a\nCMD \\\n  ["node", "a.js"]\nRUN echo "<<not a heredoc" && true\nRUN <<EOF\necho hi\nEOF\n');
    expect(m.instructions[1].json).toEqual(['node', 'a.js']);
    expect(m.instructions[2].heredoc).toBe(false);
    expect(m.instructions[3].heredoc).toBe(true);
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
    // A comment (or blank) line inside the continuation does not end it: a line appended later would join the RUN.
    expect(fails('FROM a\nRUN echo \\\n# note\n')).toMatchObject({ id: 'unterminated-continuation', line: 2 });
    expect(parse('FROM a\nRUN echo\n# note \\\n').instructions).toHaveLength(2);
  });
  it('rejects arguments Docker rejects, with the line (fuzz: a continuation that runs into the next instruction)', () => {
    const bad = (text: string): { line: number | undefined; problem: unknown } => {
      const e = fails(text);
      expect(e.id).toBe('bad-arguments');
      return { line: e.line, problem: e.values.problem };
    };
    expect(bad('FROM node:20 \\\nRUN npm ci\n')).toEqual({ line: 1, problem: 'FROM requires either one or three arguments' });
    expect(bad('FROM node:20 \\\n\nWORKDIR /app\n').problem).toBe('FROM requires either one or three arguments');
    expect(bad('# escape=`\nFROM node:20 \\\nRUN x\n')).toMatchObject({ line: 2 });
    expect(bad('FROM a AS 1st\n').problem).toMatch(/invalid name for build stage/);
    expect(bad('FROM node:\n').problem).toMatch(/invalid reference format/);
    expect(bad('FROM Node:20\n').problem).toMatch(/invalid reference format/);
    expect(bad('FROM a\nCOPY\n')).toEqual({ line: 2, problem: 'COPY requires at least two arguments' });
    expect(bad('FROM a\nADD --chown=1 ./src\n').problem).toBe('ADD requires at least two arguments');
    expect(bad('FROM a\nCOPY ["x"]\n').problem).toBe('COPY requires at least two arguments');
    expect(bad('FROM a\nENV A=1 \\\n\nRUN pip install x\n').problem).toMatch(/can't find = in "RUN"/);
    expect(bad('FROM a\nENV A\n').problem).toBe('ENV must have two arguments');
    expect(bad('FROM a\nLABEL a=1 b\n')).toEqual({ line: 2, problem: expect.stringMatching(/can't find = in "b"/) });
    // A word keeps its quotes and escapes as written; blanks inside quotes or after the escape do not split it.
    expect(bad('FROM a\nLABEL a="x y" \\"b\\ c\n').problem).toBe('Syntax error - can\'t find = in "\\"b\\ c". Must be of the form: name=value');
    // a quote left open: the build stops in the word processing of the value
    expect(bad('FROM a\nENV CONFIG "/config\nRUN x\n')).toEqual({ line: 2, problem: expect.stringMatching(/matching double-quote/) });
    expect(bad("FROM a\nLABEL a='x b=1\n").problem).toMatch(/matching single-quote/);
  });
  it('accepts the argument shapes Docker accepts', () => {
    const ok = [
      'FROM --platform=$BUILDPLATFORM node:20 AS build\nFROM build\nFROM BUILD as x.y-z_1\n',
      'ARG V=20\nFROM node:${V}-slim\nFROM registry.example.com:5000/team/app@sha256:' + 'a'.repeat(64) + '\nFROM [::1]:5000/x:1\n',
      'FROM php:%%PHP_VERSION%%-apache\nFROM perl:{{version}}\n',
      'FROM a\nCOPY ["a b","c"]\nCOPY --from=a x \\\n  y\nADD <<EOF /x\nhi\nEOF\n',
      'FROM a\nENV A 1 2\nENV B="x y" C=\'a b\' D=a\\ b\nLABEL x=1 \\\n  y=2\nENV E=a\\\nb\n',
      'FROM a\nENV A="it\'s" B=\'a"b\' C=\\"x\n',
    ];
    for (const t of ok) expect(() => parse(t), t).not.toThrow();
  });
  it('reads the exec form like Docker: blanks inside strings kept, flags before it, invalid JSON is shell form', () => {
    const m = parse('FROM a\nCMD ["sh", "-c", "echo a b"]\nCOPY --from=a ["/my app", "/my app"]\nRUN [\'x\']\n');
    expect(m.instructions.map((i) => i.json)).toEqual([null, ['sh', '-c', 'echo a b'], ['/my app', '/my app'], null]);
  });
});
