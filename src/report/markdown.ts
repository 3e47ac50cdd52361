// A pull-request-ready Markdown report: the counters, then per file its status, what changed and why.
import type { FileReport } from './results.ts';
import { summarize } from './results.ts';

export function markdownReport(files: readonly FileReport[]): string {
  const s = summarize(files);
  const out = [
    '# Dockerfile multi-stage migration',
    '',
    `${s.converted} converted, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error} errors.`,
    '',
    '| file | status | ecosystem | reason |',
    '|---|---|---|---|',
    ...files.map((f) => `| \`${f.path}\` | ${f.status} | ${f.ecosystem ?? ''} | ${(f.reason ?? '').replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const f of files.filter((x) => x.status === 'converted')) {
    out.push(`## \`${f.path}\``, '');
    for (const c of f.changes) out.push(`- **${c.transform}** (line ${c.line}): ${c.message}`);
    for (const n of f.notes) out.push(`- _note_ **${n.transform}**: ${n.message}`);
    out.push('');
  }
  return out.join('\n');
}
