// A pull-request-ready Markdown report: the counters and a table of every file, then per converted file what
// changed and why with its diff (folded), then the skipped files and the errors with their reasons.
import { KIND_LABELS, summarize, type FileReport } from './results.ts';

export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A code fence longer than any backtick run in `text`, so a diff holding ``` cannot close it early. */
export function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** `diffs` maps a file's path to its unified diff (converted files only). */
export function markdownReport(files: readonly FileReport[], diffs: ReadonlyMap<string, string> = new Map()): string {
  const s = summarize(files);
  const out = [
    '# Dockerfile multi-stage migration',
    '',
    `${s.split} split, ${s.improved} improved, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error} errors.`,
    '',
    '| file | status | change | ecosystem | reason |',
    '|---|---|---|---|---|',
    ...files.map((f) => `| \`${f.path}\` | ${f.status} | ${f.kinds.map((k) => KIND_LABELS[k]).join(', ')} | ${f.ecosystem ?? ''} | ${cell(f.reason ?? '')} |`),
    '',
  ];
  for (const f of files.filter((x) => x.status === 'converted')) {
    out.push(`## \`${f.path}\`${f.ecosystem ? ` (${f.ecosystem})` : ''}`, '');
    for (const c of f.changes) out.push(`- **${c.transform}** (line ${c.line}): ${c.message}`);
    for (const n of f.notes) out.push(`- _note_ **${n.transform}**: ${n.message}`);
    const diff = diffs.get(f.path);
    if (diff) {
      const f3 = fence(diff);
      out.push('', '<details><summary>Diff</summary>', '', `${f3}diff`, diff.replace(/\n$/, ''), f3, '', '</details>');
    }
    out.push('');
  }
  const section = (title: string, list: readonly FileReport[]): void => {
    if (!list.length) return;
    out.push(`## ${title}`, '');
    for (const f of list) {
      const where = f.line !== undefined ? `${f.path}:${f.line}` : f.path;
      out.push(`- \`${where}\`${f.ecosystem ? ` (${f.ecosystem})` : ''}: ${f.reason ?? ''}`);
    }
    out.push('');
  };
  section('Skipped', files.filter((f) => f.status === 'skipped'));
  section('Errors', files.filter((f) => f.status === 'error'));
  return out.join('\n');
}
