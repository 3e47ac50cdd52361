// What each image did, and whether the two did the same. An observation is rendered as plain text (one block
// per probe: the request, status and content type, then the body; or the exit code, then stdout), so that
// "the same" is a byte comparison and "what differed" is a unified diff a reviewer reads like any other.
import { createTwoFilesPatch } from 'diff';
import type { Answer } from './http.ts';

export type Observation =
  | { readonly kind: 'http'; readonly port: number; readonly answers: readonly (Answer | { readonly path: string; readonly error: string })[] }
  | { readonly kind: 'run'; readonly exitCode: number; readonly stdout: string }
  /** It never got to behave: did not answer, stopped at once, could not start, ran past the time limit. */
  | { readonly kind: 'none'; readonly why: string };

/** Diffs are cut to this many lines: enough to see what differed, short enough for a terminal and a PR. */
export const DIFF_LINES = 40;

const isBinary = (b: Buffer): boolean => b.includes(0);

function body(b: Buffer): string {
  if (isBinary(b)) return `(${b.length} bytes of binary data)`;
  return b.toString('utf8');
}

export function render(o: Observation): string {
  switch (o.kind) {
    case 'none':
      return `no behaviour: ${o.why}\n`;
    case 'run':
      return `exit code ${o.exitCode}\n${o.stdout}${o.stdout.endsWith('\n') || o.stdout === '' ? '' : '\n'}`;
    case 'http':
      return o.answers
        .map((a) => {
          if ('error' in a) return `GET ${a.path} -> no answer (${a.error})\n`;
          const text = body(a.body);
          return `GET ${a.path} -> ${a.status} ${a.contentType}\n${text}${text.endsWith('\n') || text === '' ? '' : '\n'}`;
        })
        .join('');
  }
}

export interface Comparison {
  readonly same: boolean;
  /** One line: the first thing that differed. */
  readonly summary: string;
  /** A unified diff of the two renderings, cut to DIFF_LINES lines (empty when the same). */
  readonly diff: string;
}

export function compare(original: Observation, converted: Observation): Comparison {
  const a = render(original);
  const b = render(converted);
  if (a === b && original.kind !== 'none') return { same: true, summary: 'same behaviour', diff: '' };
  return { same: false, summary: firstDifference(original, converted), diff: shortDiff(a, b) };
}

function shortDiff(a: string, b: string): string {
  const patch = createTwoFilesPatch('original', 'converted', a, b, undefined, undefined, {
    context: 2,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
  const lines = patch.split('\n');
  while (lines.length && lines.at(-1) === '') lines.pop();
  if (lines.length <= DIFF_LINES) return lines.join('\n') + '\n';
  return lines.slice(0, DIFF_LINES).join('\n') + `\n… (${lines.length - DIFF_LINES} more lines)\n`;
}

function firstDifference(o: Observation, c: Observation): string {
  if (c.kind === 'none') return `the converted image ${c.why}`;
  if (o.kind !== c.kind) return `the original ${o.kind === 'http' ? 'answered over HTTP' : 'ran to completion'}, the converted image did not`;
  if (o.kind === 'run' && c.kind === 'run') {
    if (o.exitCode !== c.exitCode) return `exit code ${o.exitCode} → ${c.exitCode}`;
    return 'stdout differs';
  }
  if (o.kind === 'http' && c.kind === 'http') {
    for (let i = 0; i < Math.max(o.answers.length, c.answers.length); i++) {
      const x = o.answers[i];
      const y = c.answers[i];
      if (!x || !y) continue;
      if ('error' in y && !('error' in x)) return `GET ${y.path}: the converted image did not answer (${y.error})`;
      if ('error' in x || 'error' in y) continue;
      if (x.status !== y.status) return `GET ${x.path}: status ${x.status} → ${y.status}`;
      if (x.contentType !== y.contentType) return `GET ${x.path}: content type ${x.contentType || '(none)'} → ${y.contentType || '(none)'}`;
      if (!x.body.equals(y.body)) return `GET ${x.path}: body differs`;
    }
  }
  return 'behaviour differs';
}
