// What verify found per file, in one shape for the stderr summary, --json and the Markdown report.
import type { Colors } from '../report/summary.ts';
import { plain } from '../report/summary.ts';

export const VERDICTS = ['same', 'different', 'failed', 'unverifiable', 'unchanged', 'skipped', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Side {
  /** The image tag (gone after the run unless --keep). */
  readonly image: string;
  readonly buildSeconds: number | null;
  /** Bytes, as the engine reports the image (uncompressed); null when it did not build. */
  readonly size: number | null;
  /** The user the container ran as, NAME(UID); null when it never ran. */
  readonly user: string | null;
}

export interface VerifyReport {
  readonly path: string;
  readonly status: Verdict;
  readonly ecosystem: string | null;
  /** One line: why it is not `same` (or the conversion's reason for unchanged/skipped/error). */
  readonly reason: string | null;
  readonly original: Side | null;
  readonly converted: Side | null;
  /** Percent smaller (negative: larger), one decimal; null without both sizes. */
  readonly reduction: number | null;
  /** How behaviour was compared. */
  readonly probe: { readonly kind: 'http'; readonly port: number; readonly paths: readonly string[] } | { readonly kind: 'run'; readonly command: readonly string[] | null } | null;
  /** A short unified diff of the two behaviours, when they differed. */
  readonly diff: string | null;
  /** The engine's or the container's last lines, when something failed. */
  readonly log: string | null;
  /** Containers left in place by --keep (stopped). */
  readonly kept?: readonly string[];
}

export type VerifySummary = Record<Verdict, number>;

export function summarize(files: readonly VerifyReport[]): VerifySummary {
  const s = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as VerifySummary;
  for (const f of files) s[f.status]++;
  return s;
}

/** Unchanged and skipped files build the same image as before, by construction: they do not fail a run. */
export const passes = (v: Verdict): boolean => v === 'same' || v === 'unchanged' || v === 'skipped';

export const reduction = (original: number, converted: number): number => Math.round(1000 * (1 - converted / original)) / 10;

export const mb = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));

const indent = (text: string): string => text.replace(/\n$/, '').replace(/^/gm, '    ') + '\n';

/** One line per file on stderr (plus the diff or the log, indented, when something went wrong). */
export function verifyLine(r: VerifyReport, c: Colors = plain): string {
  const eco = r.ecosystem ? c.dim(` (${r.ecosystem})`) : '';
  const sizes =
    r.original?.size != null && r.converted?.size != null
      ? `${mb(r.original.size)} MB → ${mb(r.converted.size)} MB (${r.reduction! >= 0 ? `${r.reduction!.toFixed(1)}% smaller` : `${(-r.reduction!).toFixed(1)}% larger`})`
      : null;
  const users = r.original?.user || r.converted?.user ? `user ${r.original?.user ?? '?'} → ${r.converted?.user ?? '?'}` : null;
  const built = (s: Side | null): boolean => s?.size != null;
  const builds = built(r.original)
    ? built(r.converted)
      ? `built in ${r.original!.buildSeconds!.toFixed(1)} s / ${r.converted!.buildSeconds!.toFixed(1)} s`
      : `original built in ${r.original!.buildSeconds!.toFixed(1)} s`
    : null;
  const facts = [sizes, users, builds].filter(Boolean).join(', ');
  const head: Record<Verdict, string> = {
    same: c.green('same'),
    different: c.red('different'),
    failed: c.red('failed'),
    unverifiable: c.yellow('unverifiable'),
    unchanged: c.dim('unchanged'),
    skipped: c.yellow('skipped'),
    error: c.red('error'),
  };
  const what = r.status === 'same' ? facts : [r.reason, facts].filter(Boolean).join('; ');
  let out = `${head[r.status]} ${r.path}${eco}${what ? `: ${what}` : ''}\n`;
  if (r.diff) out += indent(r.diff);
  // Under a diff, the log is what the converted container said: often the reason it behaved differently.
  if (r.log && r.status !== 'same') out += (r.diff ? `  ${c.dim('the converted container\'s last lines:')}\n` : '') + indent(r.log);
  if (r.kept?.length) out += `  ${c.dim(`kept: ${[r.original?.image, r.converted?.image].filter(Boolean).join(', ')}; containers ${r.kept.join(', ')}`)}\n`;
  return out;
}

export function verifyCounters(s: VerifySummary, seconds: number, c: Colors = plain): string {
  const part = (v: Verdict, color: (x: string) => string): string => (s[v] ? color(`${s[v]} ${v}`) : `0 ${v}`);
  return (
    `Verified: ${part('same', c.green)}, ${part('different', c.red)}, ${part('failed', c.red)}, ${part('unverifiable', c.yellow)}, ` +
    `${s.unchanged} unchanged, ${s.skipped} skipped, ${s.error ? c.red(`${s.error} errors`) : '0 errors'} (${seconds.toFixed(1)} s)\n`
  );
}

export interface RunInfo {
  readonly engine: string;
  readonly runId: string;
  readonly seconds: number;
}

export function verifyJson(files: readonly VerifyReport[], run: RunInfo): string {
  return JSON.stringify({ run, files, summary: summarize(files) }, null, 2) + '\n';
}
