// --explain: the reasons the edits already carry become `# msd-convert: <reason>` comment lines above the
// lines the tool added, moved or changed. Done here, once, for every transform. The marker makes them ours:
// a run without --explain removes them, and a re-run with it adds none (only new edits are explained).
import type { Edit } from '../edits/apply.ts';
import { format, msg, type Message } from '../messages.ts';
import type { Model } from '../model/model.ts';

export const EXPLAIN_PREFIX = '# msd-convert: ';
const MARKER = /^#[ \t]*msd-convert:/;

export const isExplainComment = (text: string): boolean => MARKER.test(text.trim());

/** One line in the file's EOL; never ending in `\` or a backtick, which would read like a line continuation. */
const commentLine = (m: Model, reason: Message): string =>
  EXPLAIN_PREFIX + format(reason.id, reason.values).replace(/\s+/g, ' ').replace(/[\\`]$/, '$&.') + m.eol;

/** Edits that delete every explain comment line of an earlier run (each reason: explain-removed). */
export function removeExplainComments(m: Model): Edit[] {
  return m.comments
    .filter((c) => isExplainComment(c.text))
    .map((c) => ({ range: [m.lineStarts[c.line - 1], m.lineStarts[c.line] ?? m.text.length] as const, text: '', reason: msg('explain-removed') }));
}

/** The edits plus a comment line above each block they insert, and above each instruction they change in place. */
export function withExplainComments(m: Model, edits: readonly Edit[]): Edit[] {
  const firstLine = m.bom ? 1 : 0;
  const out: Edit[] = [];
  const above: Edit[] = [];
  const done = new Set<string>();
  for (const e of edits) {
    const [start] = e.range;
    if (e.text === '') {
      out.push(e);
      continue;
    }
    const lead = /^(?:\r?\n)*/.exec(e.text)![0];
    const rest = e.text.slice(lead.length);
    const wholeLines = start === firstLine || m.text[start - 1] === '\n' || lead !== '';
    if (wholeLines) {
      // A comment or directive explains itself (and a directive must stay on top).
      out.push(rest === '' || rest.startsWith('#') ? e : { ...e, text: lead + commentLine(m, e.reason) + rest });
      continue;
    }
    out.push(e);
    const ins = m.instructions.find((i) => i.lines[0] <= start && start <= i.range[1]);
    if (!ins) continue;
    const at = ins.lines[0];
    const text = commentLine(m, e.reason);
    const key = `${at}\0${text}`;
    // Not inside text another edit replaces, and once per instruction and reason.
    if (done.has(key) || edits.some((o) => o.range[0] < at && at < o.range[1])) continue;
    done.add(key);
    above.push({ range: [at, at], text, reason: e.reason });
  }
  // After the transform's own inserts at the same offset, so each comment sits right above its instruction.
  return [...out, ...above];
}
