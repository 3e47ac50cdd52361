// One shape for what happened to each file, shared by the summary, --json and the Markdown report.
import { format, type Message } from '../messages.ts';
import type { ConvertResult, Status } from '../pipeline/run.ts';

export interface FileReport {
  readonly path: string;
  readonly status: Status;
  readonly ecosystem: string | null;
  readonly changes: readonly { transform: string; id: string; message: string; line: number }[];
  readonly notes: readonly { transform: string; id: string; message: string }[];
  readonly reason: string | null;
  readonly line?: number;
  /** Files of the build context changed with it (relative to the context), and why. */
  readonly companions?: readonly { path: string; added: readonly string[]; reason: string }[];
}

export type Summary = Record<Status, number>;

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
  return {
    path,
    status: r.status,
    ecosystem: r.ecosystem,
    changes,
    notes: r.notes.map((n) => ({ transform: n.transform, id: n.message.id, message: text(n.message) })),
    reason: r.reason ? text(r.reason) : null,
    ...(r.line !== undefined ? { line: r.line } : {}),
    ...(r.companions.length ? { companions: r.companions.map((c) => ({ path: c.path, added: c.lines, reason: text(c.reason) })) } : {}),
  };
}

export function summarize(files: readonly FileReport[]): Summary {
  const s: Summary = { converted: 0, unchanged: 0, skipped: 0, error: 0 };
  for (const f of files) s[f.status]++;
  return s;
}

export function jsonReport(files: readonly FileReport[]): string {
  return JSON.stringify({ files, summary: summarize(files) }, null, 2) + '\n';
}
