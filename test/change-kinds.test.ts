// What kind of change each file got comes from the transforms' meta (typed), not from message ids: the
// pipeline's kinds, the note that says why a file was not split, and the report fields and counters built on them.
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../src/index.ts';
import { msg } from '../src/messages.ts';
import { convertText } from '../src/pipeline/run.ts';
import { fileReport, summarize } from '../src/report/results.ts';
import type { Transform } from '../src/types.ts';

const NODE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm install\nRUN npm run build\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n';
const PROJECT = projectFromFiles({ 'package.json': JSON.stringify({ scripts: { build: 'tsc' } }), 'package-lock.json': '{}' });

describe('change kinds', () => {
  it('a split file lists the kinds of every transform that changed it, in registry order', () => {
    const r = convert(NODE, { project: PROJECT });
    expect(r.kinds).toEqual(['split', 'manifest-order', 'non-root', 'cache-mounts', 'syntax']);
    const report = fileReport('Dockerfile', r);
    expect([report.split, report.reason]).toEqual([true, null]);
  });

  it('a file improved but not split says why not, from the note of the split kind', () => {
    const r = convert('FROM alpine:3.20\nCMD ["true"]\n');
    expect(r.status).toBe('converted');
    expect(r.kinds).toEqual(['non-root']);
    const report = fileReport('Dockerfile', r);
    expect(report.split).toBe(false);
    expect(report.reason).toBe('no known ecosystem (no install or build step this tool understands)');
    expect(summarize([report, fileReport('x', convert(NODE, { project: PROJECT }))])).toEqual({ split: 1, improved: 1, converted: 2, unchanged: 0, skipped: 0, error: 0 });
  });

  it('the kind is the meta’s, whatever the transform is called or says', () => {
    const renamed: Transform = {
      meta: { id: 'anything', description: 'test', safety: 'safe', kind: 'split' },
      apply: ({ model, fix }) => (model.text.startsWith('# x\n') ? { edits: [] } : { edits: [fix.insertBefore(model.instructions[0]!, '# x\n', msg('syntax-add', { features: 'x' }))] }),
    };
    const declines: Transform = { meta: { id: 'other', description: 'test', safety: 'safe', kind: 'split' }, apply: () => ({ skip: msg('copy-skip', { why: 'because' }) }) };
    const r = convertText('FROM alpine:3.20\nCMD ["true"]\n', [declines, renamed], { verify: false });
    expect(r.kinds).toEqual(['split']);
    expect(r.notes).toEqual([expect.objectContaining({ transform: 'other', kind: 'split', skipped: true })]);
    expect(fileReport('f', r)).toMatchObject({ split: true, reason: null });
  });
});
