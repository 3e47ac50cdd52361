// One shape for what happened to each file, shared by the summary, --json and the Markdown report.
import { format, type Message } from '../messages.ts';
import type { ConvertResult, Status } from '../pipeline/run.ts';
import type { ChangeKind } from '../types.ts';

export interface FileReport {
  readonly path: string;
  readonly status: Status;
  readonly ecosystem: string | null;
  readonly changes: readonly { transform: string; id: string; message: string; line: number }[];
  readonly notes: readonly { transform: string; id: string; message: string }[];
  /** Whether the file was split into stages; `kinds` says what else it got (empty unless converted). */
  readonly split: boolean;
  readonly kinds: readonly ChangeKind[];
  /** Why the file was skipped, left unchanged or failed; for a converted file that was not split, why not. */
  readonly reason: string | null;
  readonly line?: number;
  /** Files of the build context changed with it (relative to the context), and why. */
  readonly companions?: readonly { path: string; added: readonly string[]; reason: string }[];
  /** Paths of the original image the converted one leaves out on purpose (the notes say why). */
  readonly keptOut?: readonly string[];
  /** How to build the converted file when it needs more than `docker build .`: the `--secret`s its mounts read. */
  readonly buildCommand?: string;
  /** Those secrets: `{id, env}` (from an environment variable) or `{id, src}` (from a file). */
  readonly secrets?: readonly { id: string; env?: string; src?: string }[];
}

/** Files per status; `split` and `improved` divide the converted ones (improved: changed, but not split). */
export type Summary = Record<Status | 'split' | 'improved', number>;

export const emptySummary = (): Summary => ({ split: 0, improved: 0, converted: 0, unchanged: 0, skipped: 0, error: 0 });

export function count(s: Summary, f: FileReport): void {
  s[f.status]++;
  if (f.status === 'converted') s[f.split ? 'split' : 'improved']++;
}

/** How the reports name each kind of change. */
export const KIND_LABELS: Readonly<Record<ChangeKind, string>> = {
  split: 'split',
  'manifest-order': 'manifest order',
  'non-root': 'non-root',
  'cache-mounts': 'cache mounts',
  syntax: 'syntax directive',
  'test-stage': 'test stage',
  'debug-stage': 'debug stage',
  'cross-platform': 'cross-platform',
  'secret-mounts': 'secret mounts',
};

const text = (m: Message): string => format(m.id, m.values);

/** The report of one file: changes de-duplicated (a move is a removal and an insertion with one reason). */
export function fileReport(path: string, r: ConvertResult): FileReport {
  const seen = new Set<string>();
  const changes = [];
  for (const c of r.changes) {
    const key = `${c.transform}\0${text(c.message)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    changes.push({ transform: c.transform, id: c.message.id, message: text(c.message), line: c.line });
  }
  const split = r.kinds.includes('split');
  // A converted file that got no stages says why, from the note about the split (typed by its kind).
  const noSplit = r.status === 'converted' && !split ? r.notes.find((n) => n.kind === 'split') : undefined;
  const reason = r.reason ?? noSplit?.message;
  return {
    path,
    status: r.status,
    ecosystem: r.ecosystem,
    changes,
    notes: r.notes.map((n) => ({ transform: n.transform, id: n.message.id, message: text(n.message) })),
    split,
    kinds: r.kinds,
    reason: reason ? text(reason) : null,
    ...(r.line !== undefined ? { line: r.line } : {}),
    ...(r.companions.length ? { companions: r.companions.map((c) => ({ path: c.path, added: c.lines, reason: text(c.reason) })) } : {}),
    ...(r.keptOut.length ? { keptOut: r.keptOut } : {}),
    ...(r.buildCommand ? { buildCommand: r.buildCommand, secrets: (r.secrets ?? []).map(({ flag: _flag, ...s }) => s) } : {}),
  };
}

export function summarize(files: readonly FileReport[]): Summary {
  const s = emptySummary();
  for (const f of files) count(s, f);
  return s;
}

export function jsonReport(files: readonly FileReport[]): string {
  return JSON.stringify({ files, summary: summarize(files) }, null, 2) + '\n';
}
