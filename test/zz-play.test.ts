import { it } from 'vitest';
import { convert, projectFromFiles } from '../src/index.ts';
const NODE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm test && npm run build\nRUN npm run lint\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n';
const PROJECT = projectFromFiles({ 'package.json': JSON.stringify({ scripts: { build: 'tsc', test: 'jest' }, devDependencies: { jest: '1' } }), 'package-lock.json': '{}' });
it('play', () => {
  for (const o of [{}, { testStage: true }, { testStage: true, debugStage: true }]) {
    const r = convert(NODE, { project: PROJECT, ...o });
    console.log('=====', JSON.stringify(o), r.status, r.reason, '\n' + r.output);
    for (const c of r.changes) console.log(c.transform, c.message.id, JSON.stringify(c.message.values));
    for (const n of r.notes) console.log('note', n.transform, n.message.id, JSON.stringify(n.message.values));
  }
});
