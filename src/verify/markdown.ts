// The verify report for a pull request: the counts, one table row per file with sizes, a bar for the size
// reduction, users and build times, then per file that did not pass, why, with the behaviour diff or the
// engine's last lines folded away. Plain GitHub-flavoured Markdown: no HTML but <details>.
import { cell, fence } from '../report/markdown.ts';
import { mb, passes, summarize, VERDICTS, type RunInfo, type Verdict, type VerifyReport } from './report.ts';

const MARK: Record<Verdict, string> = {
  same: '✅ same',
  different: '❌ different',
  failed: '❌ failed',
  unverifiable: '⚠️ unverifiable',
  unchanged: '➖ unchanged',
  skipped: '➖ skipped',
  error: '❌ error',
};

const CELLS = 10;

/** Ten cells, one per 10 % of size saved: `███████░░░`; a larger image gets none. */
export function bar(reduction: number | null): string {
  if (reduction === null) return '';
  if (reduction < 0) return '▲ larger';
  const full = Math.min(CELLS, Math.round(reduction / (100 / CELLS)));
  return '█'.repeat(full) + '░'.repeat(CELLS - full);
}

const seconds = (s: number | null | undefined): string => (s === null || s === undefined ? '-' : s.toFixed(1));

function folded(summary: string, text: string, lang: string): string[] {
  const f = fence(text);
  return ['<details><summary>' + summary + '</summary>', '', `${f}${lang}`, text.replace(/\n$/, ''), f, '', '</details>'];
}

export function verifyMarkdown(files: readonly VerifyReport[], run: RunInfo): string {
  const s = summarize(files);
  const counts = VERDICTS.filter((v) => s[v] > 0 || v === 'same').map((v) => `${s[v]} ${v}`).join(', ');
  const out = [
    '# Dockerfile migration: verified with real builds',
    '',
    `${counts}. Engine: ${cell(run.engine)}; ${run.seconds.toFixed(0)} s in all.`,
    '',
    '| file | verdict | original (MB) | converted (MB) | reduction | size saved | user: original → converted | build (s): original / converted |',
    '|---|---|---:|---:|---:|---|---|---:|',
  ];
  for (const f of files) {
    const red = f.reduction === null ? '-' : `${f.reduction.toFixed(1)}%`;
    const users = f.original?.user || f.converted?.user ? `${f.original?.user ?? '?'} → ${f.converted?.user ?? '?'}` : '-';
    const builds = f.original?.buildSeconds != null ? `${seconds(f.original.buildSeconds)} / ${seconds(f.converted?.buildSeconds)}` : '-';
    out.push(`| \`${cell(f.path)}\` | ${MARK[f.status]} | ${mb(f.original?.size)} | ${mb(f.converted?.size)} | ${red} | ${bar(f.reduction)} | ${cell(users)} | ${builds} |`);
  }
  out.push('', 'Sizes are what the engine reports for each image (uncompressed, all layers).', '');
  for (const f of files.filter((x) => !passes(x.status))) {
    out.push(`## \`${f.path}\`: ${f.status}`, '', cell(f.reason ?? ''), '');
    if (f.diff) out.push(...folded('What differed', f.diff, 'diff'), '');
    if (f.log) out.push(...folded(f.diff ? "The converted container's last lines" : 'Last lines', f.log, ''), '');
  }
  // Files the converter left alone were not built: one list, since a fleet can have hundreds of them.
  const alone = files.filter((x) => x.status === 'unchanged' || x.status === 'skipped');
  if (alone.length) {
    out.push('## Not converted, not built', '');
    for (const f of alone) out.push(`- \`${f.path}\` (${f.status}): ${f.reason ?? ''}`);
    out.push('');
  }
  return out.join('\n').replace(/\n+$/, '\n');
}
