// The human summary on stderr: per file its status and one line per change or reason, then the counters
// in the jscodeshift style.
import { KIND_LABELS, type FileReport, type Summary } from './results.ts';

export interface Colors {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const plain: Colors = { red: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

export function fileSummary(f: FileReport, c: Colors = plain): string {
  const where = f.status === 'error' && f.line !== undefined ? `${f.path}:${f.line}` : f.path;
  const eco = f.ecosystem ? c.dim(` (${f.ecosystem})`) : '';
  switch (f.status) {
    case 'error':
      return `${c.red('error')} ${where}: ${f.reason}\n`;
    case 'skipped':
      return `${c.yellow('skipped')} ${where}${eco}: ${f.reason}\n`;
    case 'unchanged':
      return `${c.dim('unchanged')} ${where}${eco}${f.reason ? `: ${f.reason}` : ''}\n`;
    case 'converted': {
      const lines = f.changes.map((ch) => `  ${c.dim(ch.transform + ':')} ${ch.message}\n`);
      const notes = f.notes.map((n) => `  ${c.yellow('note')} ${c.dim(n.transform + ':')} ${n.message}\n`);
      const kinds = f.kinds.length ? `: ${f.kinds.map((k) => KIND_LABELS[k]).join(', ')}` : '';
      const companions = (f.companions ?? []).map((k) => `  ${c.dim(k.path + ':')} ${k.reason}\n`);
      return `${c.green('converted')} ${where}${eco}${kinds}\n${lines.join('')}${companions.join('')}${notes.join('')}`;
    }
  }
}

export function counters(s: Summary, seconds: number, c: Colors = plain): string {
  return (
    `Results: ${c.green(`${s.split} split`)}, ${c.green(`${s.improved} improved`)}, ${s.unchanged} unchanged, ${c.yellow(`${s.skipped} skipped`)}, ` +
    `${s.error ? c.red(`${s.error} errors`) : '0 errors'} (${seconds.toFixed(2)} s)\n`
  );
}
