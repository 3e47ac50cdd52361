#!/usr/bin/env node
// Writes what the built library makes of every corpus file into a folder (one `.out` per file with the status,
// reason, changes and notes, then the output text), so two snapshots can be compared with `diff -r` when a
// change to the rules should leave the corpus alone except where it says. Usage (after `npm run build`):
//   node scripts/corpus-snapshot.mjs OUT_DIR [CORPUS_DIR]      (default CORPUS_DIR: ../shared/corpus)
// MSD_SNAPSHOT_OPTIONS='{"testStage":true}' converts with those options (to see what an opt-in flag does).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { convert, format } = await import(join(root, 'dist/src/index.js'));
const { nodeProject } = await import(join(root, 'dist/src/fs.js'));
const [out, corpus = join(root, '..', 'shared', 'corpus')] = process.argv.slice(2);
if (!out) {
  console.error('usage: node scripts/corpus-snapshot.mjs OUT_DIR [CORPUS_DIR]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const options = JSON.parse(process.env.MSD_SNAPSHOT_OPTIONS || '{}');
const say = (m) => (m ? format(m.id, m.values) : '');
const counts = {};
function record(name, text, project) {
  const r = convert(text, { ...options, project });
  counts[r.status] = (counts[r.status] ?? 0) + 1;
  const head = [
    `status: ${r.status}${r.ecosystem ? ` (${r.ecosystem})` : ''}`,
    `reason: ${say(r.reason)}`,
    ...r.changes.map((c) => `change ${c.transform}:${c.line}: ${say(c.message)}`),
    ...r.notes.map((n) => `note ${n.transform}${n.skipped ? ' (skip)' : ''}: ${say(n.message)}`),
  ];
  writeFileSync(join(out, name.replace(/\//g, '__') + '.out'), head.join('\n') + '\n----\n' + (r.status === 'converted' ? r.output : ''));
}
const files = join(corpus, 'dockerfiles');
const shared = nodeProject(files);
for (const f of readdirSync(files).sort()) record(`dockerfiles/${f}`, readFileSync(join(files, f), 'utf8'), shared);
const tsv = join(corpus, 'apps', 'apps.tsv');
if (existsSync(tsv)) {
  const [head, ...rows] = readFileSync(tsv, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = (n) => head.indexOf(n);
  for (const r of rows) {
    for (const d of r[col('dockerfiles')].split(';')) {
      const m = /^(.*)\(stages=(\d+)\)$/.exec(d);
      if (!m) continue;
      const app = r[col('app')];
      record(`apps/${app}/${m[1]}`, readFileSync(join(corpus, 'apps', app, m[1]), 'utf8'), nodeProject(join(corpus, 'apps', app, r[col('context')])));
    }
  }
}
console.log(JSON.stringify(counts));
