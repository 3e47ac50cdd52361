// --explain: reasons as `# msd-convert:` comments above the lines the tool added, moved or changed; never
// duplicated by a re-run, and removed cleanly by a run without --explain.
import { describe, expect, it } from 'vitest';
import { NO_PROJECT } from '../src/analyze/project.ts';
import { nodeProject } from '../src/fs.ts';
import { convert, projectFromFiles, TRANSFORMS } from '../src/index.ts';
import { EXPLAIN_PREFIX } from '../src/pipeline/explain.ts';
import { fixtureCases } from './helpers/fixtures.ts';

const NODE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n';
const project = projectFromFiles({
  'package.json': JSON.stringify({ name: 'x', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } }),
  'package-lock.json': '{}',
});
const comments = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.startsWith(EXPLAIN_PREFIX));

describe('--explain', () => {
  const plain = convert(NODE, { project });
  const explained = convert(NODE, { project, explain: true });

  it('adds one comment line per change, above the line it explains', () => {
    expect(explained.status).toBe('converted');
    const lines = explained.output.split('\n');
    expect(comments(explained.output).length).toBeGreaterThanOrEqual(5);
    expect(lines[lines.indexOf('COPY package.json package-lock.json ./') - 1]).toMatch(/^# msd-convert: copy package.json, package-lock.json before the sources/);
    expect(lines[lines.findIndex((l) => l.startsWith('FROM node:20-slim')) - 1]).toMatch(/^# msd-convert: add a `runtime` stage/);
    expect(lines[lines.indexOf('USER node') - 1]).toMatch(/^# msd-convert: run as the image's unprivileged user/);
    // A line changed in place (AS builder, --mount) is explained above its instruction.
    expect(lines[lines.indexOf('FROM node:20 AS builder') - 1]).toMatch(/^# msd-convert: name the original stage `builder`/);
    // The syntax directive stays the first line.
    expect(lines[0]).toBe('# syntax=docker/dockerfile:1');
  });

  it('is the plain output plus comment lines only', () => {
    expect(explained.output.split('\n').filter((l) => !l.startsWith(EXPLAIN_PREFIX)).join('\n')).toBe(plain.output);
  });

  it('a re-run with --explain changes nothing (no duplicates)', () => {
    const again = convert(explained.output, { project, explain: true });
    expect(again.status).not.toBe('converted');
    expect(again.output).toBe(explained.output);
  });

  it('a run without --explain removes them cleanly', () => {
    const cleaned = convert(explained.output, { project });
    expect(cleaned.status).toBe('converted');
    expect(cleaned.output).toBe(plain.output);
    expect(cleaned.changes.every((c) => c.transform === 'explain' && c.message.id === 'explain-removed')).toBe(true);
  });

  it('keeps the user comments and the file EOL', () => {
    const crlf = ('# the app\n' + NODE).replace(/\n/g, '\r\n');
    const r = convert(crlf, { project, explain: true });
    expect(r.status).toBe('converted');
    expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
    expect(r.output).toContain('# the app\r\n');
    expect(comments(r.output).length).toBe(comments(explained.output).length);
    expect(convert(r.output, { project }).output).toBe(convert(crlf, { project }).output);
  });

  it('leaves a user comment that only mentions the tool alone', () => {
    const text = NODE.replace('EXPOSE', '# converted with msd-convert: see README\nEXPOSE');
    expect(convert(text, { project }).output).toContain('# converted with msd-convert: see README\n');
  });
});

describe('--explain on every fixture', () => {
  for (const t of TRANSFORMS) {
    for (const c of fixtureCases(t.meta.id)) {
      it(`${t.meta.id}/${c.name}`, () => {
        const p = c.contextDir ? nodeProject(c.contextDir) : NO_PROJECT;
        const plainOut = convert(c.input, { ...c.options, project: p });
        const r = convert(c.input, { ...c.options, project: p, explain: true });
        expect(r.status, JSON.stringify(r.reason)).toBe(plainOut.status);
        expect(convert(r.output, { ...c.options, project: p, explain: true }).output).toBe(r.output);
        expect(convert(r.output, { ...c.options, project: p }).output).toBe(plainOut.output);
      });
    }
  }
});
