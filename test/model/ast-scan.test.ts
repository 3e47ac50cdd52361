// ast-scan.ts against the scan of dockerfile-ast it stands in for: both must find the same arguments (values and
// positions) on every instruction they both read, and ast-scan.ts must leave to the library the shapes it does
// not read. Compared on edge cases, on seeded random instruction texts, and on every instruction of the fixtures
// and (when present) the corpus.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { libraryArguments, slicedArguments } from '../../src/model/ast-memo.ts';
import { scanWords } from '../../src/model/ast-scan.ts';
import { appDockerfiles, corpusFiles } from '../helpers/corpus.ts';
import { FIXTURES } from '../helpers/fixtures.ts';
import { rng } from '../helpers/mutate.mjs';

const shape = (args: ReturnType<typeof libraryArguments>) => args.map((a) => [a.getValue(), a.getRange().start, a.getRange().end]);

/** Compares both scans on every instruction of `text`; returns how many instructions ast-scan.ts read itself. */
function compare(text: string): { read: number; all: number } {
  let read = 0;
  let all = 0;
  const visit = (ins: Instruction): void => {
    all++;
    const sliced = slicedArguments(ins);
    if (sliced === null) return;
    read++;
    expect(shape(sliced), JSON.stringify(ins.getTextContent())).toEqual(shape(libraryArguments(ins)));
  };
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    visit(ins);
    // ONBUILD's trigger is an instruction of its own.
    const trigger = (ins as unknown as { getTriggerInstruction?: () => Instruction | null }).getTriggerInstruction?.();
    if (trigger) visit(trigger);
  }
  return { read, all };
}

const words = (text: string, escape = '\\') => scanWords(text, escape)?.map((w) => [w.value, w.from, w.to]) ?? null;

describe('scanWords', () => {
  it.each([
    // [text after the keyword, escape, words as [value, from, to], or null when left to the library]
    [' a b', '\\', [['a', 1, 2], ['b', 3, 4]]],
    [' a \\\n  b', '\\', [['a', 1, 2], ['b', 7, 8]]],
    [' a\\\nb', '\\', [['ab', 1, 5]]],
    [' a\\\n  b', '\\', [['a', 1, 2], ['b', 6, 7]]],
    [' a\\\n  \nb', '\\', [['ab', 1, 8]]],
    [' a \\\n# note \n  b', '\\', [['a', 1, 2], ['b', 15, 16]]],
    [' a \\\r\n  b\r\n', '\\', [['a', 1, 2], ['b', 8, 9]]],
    [' a `\n  b', '`', [['a', 1, 2], ['b', 7, 8]]],
    [' C:\\dir', '`', [['C:\\dir', 1, 7]]],
    [' a\\ \n b', '\\', [['a', 1, 2], ['b', 6, 7]]],
    [' a \\$HOME', '\\', null],
    [' "a\\"b"', '\\', null],
    [' a\\ b', '\\', null],
    [' a \\\n# x\\y\n b', '\\', null],
    [' a \\', '\\', null],
    [' a \\  ', '\\', null],
    [' a\rb', '\\', null],
  ] as const)('%j (escape %s)', (text, escape, expected) => {
    expect(words(text, escape)).toEqual(expected);
  });
});

describe('slicedArguments agrees with dockerfile-ast', () => {
  it.each([
    'FROM a\nRUN a b\n',
    'FROM a\nRUN apt-get update \\\n && apt-get install -y \\\n    curl \\\n # comment \\ in a comment\n && echo done\n',
    'FROM a\nRUN a\\\nb\\\n  c \\\n\n  \\\n d\n',
    'FROM a\nRUN a\\\n\\ \n e\n',
    'FROM a\r\nRUN a \\\r\n  b\\\r\nc\r\n',
    '# escape=`\nFROM a\nRUN dir C:\\ `\n  && echo `\n# x\n  y\n',
    'FROM a\nRUN <<EOF\n#!/bin/sh\necho a \\\n  b\nEOF\n',
    'FROM a\nCOPY --chown=1:1 --from=b /x /y\nENV A=1 B="x y" \\\n    C=3\nONBUILD RUN a \\\n b\n',
    'FROM a\nRUN echo \\$HOME "a\\"b" \\\n c\n',
    'FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://x/ \\\n  || exit 1\nCMD ["a", \\\n "b"]\n',
  ])('%j', (text) => {
    expect(compare(text).all).toBeGreaterThan(0);
  });

  it('on seeded random instruction texts', () => {
    // Continuations (with blanks, CRLF, either escape) weigh more: they are what ast-scan.ts reads itself.
    const pieces = ['a', 'b', 'cd', ' ', ' ', '\t', '\\', '\n', '\r\n', '#', '$', '`', '"', '=', '--x=1', '\\\n', '\\\n', '\\ \n', '\\\r\n', '`\n', '\n# c\n', '\n  '];
    let read = 0;
    for (let seed = 1; seed <= 6000; seed++) {
      const r = rng(seed);
      const escape = seed % 5 === 0 ? '`' : '\\';
      let body = '';
      for (let k = r.int(24) + 1; k > 0; k--) body += r.pick(pieces);
      const keyword = r.pick(['RUN', 'COPY', 'ENV', 'CMD', 'LABEL', 'FROM']);
      read += compare(`${escape === '`' ? '# escape=`\n' : ''}FROM x\n${keyword} ${body}\nRUN z\n`).read;
    }
    // Most random texts hold shapes left to the library; enough are read here to mean something.
    expect(read).toBeGreaterThan(6000);
  });

  it('on every instruction of the fixtures and the corpus', () => {
    const files = [
      ...readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => /Dockerfile$/.test(f)).map((f) => join(FIXTURES, f)),
      ...corpusFiles(),
      ...appDockerfiles().map((a) => a.file),
    ];
    let read = 0;
    let all = 0;
    for (const file of files) {
      const n = compare(readFileSync(file, 'utf8'));
      read += n.read;
      all += n.all;
    }
    // Nearly every real instruction is read here (the rest by the library).
    expect(read / all).toBeGreaterThan(0.95);
  });
});
