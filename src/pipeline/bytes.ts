// Byte preservation (DESIGN.md §1.2), checked on the texts alone so it does not trust the edit engine:
//  - every input line is in the output byte for byte (as a multiset: moves are allowed; blank lines between
//    instructions are layout and may go), or it is "touched":
//    the output has it with one run of text inserted into it (`FROM x` + ` AS builder`, `COPY` + ` --chown=…`),
//    without creating or removing a line continuation;
//  - a multi-line instruction that was not touched is still one contiguous block;
//  - BOM and final newline are as in the input (whichever line ends the output carries the missing EOL);
//  - every other output line is new: it ends with the file's EOL and never with a continuation character
//    that is not the escape in force (a `\` in a `# escape=\`` file or the reverse).
import type { Instruction, Model } from '../model/model.ts';

const BOM = '\uFEFF';

/** Lines with their terminators; the last one may have none. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const bodyOf = (line: string): string => line.replace(/\r?\n$/, '');
const preview = (line: string): string => JSON.stringify(bodyOf(line).slice(0, 60));

/**
 * True when `out` is `line` with one word group inserted between two words (` AS builder`, ` --chown=x`,
 * ` --mount=…`): it starts with blanks, has text, and a blank or the line end follows it. No line break.
 */
function isInsertion(line: string, out: string): boolean {
  const extra = out.length - line.length;
  if (extra <= 0) return false;
  let p = 0;
  while (p < line.length && line[p] === out[p]) p++;
  let s = 0;
  while (s < line.length && line[line.length - 1 - s] === out[out.length - 1 - s]) s++;
  // Any point k with line[0,k) a common prefix and line[k,) a common suffix.
  for (let k = Math.max(0, line.length - s); k <= p; k++) {
    const text = out.slice(k, k + extra);
    const after = line.slice(k);
    if (/^[ \t]+[^ \t\r\n](?:[^\r\n]*[^ \t\r\n])?$/.test(text) && k > 0 && /\S/.test(line[k - 1]) && /^([ \t]|\r?\n|$)/.test(after)) return true;
  }
  return false;
}

/**
 * True when `out` is `line` with whole words inserted at several places, each after a blank (` AS builder` on a
 * FROM that also got ` --platform=…`; a RUN with a ` --mount=…` flag and `GOOS=… ` before a command). Removing
 * every extra word with the blank before it must give `line` back exactly; the first word is never an insertion.
 */
function isWordInsertions(line: string, out: string): boolean {
  if ((/\r?\n$/.exec(line)?.[0] ?? '') !== (/\r?\n$/.exec(out)?.[0] ?? '')) return false;
  const body = bodyOf(line);
  const words = body.match(/[^ \t]+/g) ?? [];
  const kept: string[] = [];
  let w = 0;
  let extra = 0;
  for (const t of bodyOf(out).match(/[ \t]+|[^ \t]+/g) ?? []) {
    if (/^[ \t]/.test(t)) kept.push(t);
    else if (w < words.length && t === words[w]) {
      kept.push(t);
      w++;
    } else {
      if (kept.length === 0 || !/^[ \t]/.test(kept[kept.length - 1])) return false;
      kept.pop();
      extra++;
    }
  }
  return extra > 0 && w === words.length && kept.join('') === body;
}

const inserted = (line: string, out: string): boolean => isInsertion(line, out) || isWordInsertions(line, out);

/** `replaced`: input instructions a change said it replaces (verify.ts): their lines may be gone. */
export function preservationProblems(input: Model, output: string, replaced: ReadonlySet<Instruction> = new Set()): string[] {
  const problems: string[] = [];
  const escape = input.escape;
  const continues = (line: string, ch: string): boolean => bodyOf(line).replace(/[ \t]+$/, '').endsWith(ch);
  if (output.startsWith(BOM) !== input.bom) problems.push(input.bom ? 'the byte-order mark was lost' : 'a byte-order mark was added');
  if (/\n$/.test(output) !== input.finalNewline) problems.push(input.finalNewline ? 'the final newline was lost' : 'a final newline was added');
  // Lines are compared with their terminators. A file without a final newline has its EOL wherever it ends:
  // compare both texts as if terminated, so the line that ends the output (moved or new) is judged like any other.
  const close = (t: string): string => (t.startsWith(BOM) ? t.slice(1) : t) + (input.finalNewline ? '' : input.eol);
  const inLines = linesOf(close(input.text));
  const outLines = linesOf(close(output));

  const pool = new Map<string, number>();
  for (const l of outLines) pool.set(l, (pool.get(l) ?? 0) + 1);
  const take = (l: string): boolean => {
    const n = pool.get(l) ?? 0;
    if (n === 0) return false;
    pool.set(l, n - 1);
    return true;
  };
  const ofInstruction = new Set(input.instructions.flatMap((i) => Array.from({ length: i.endLine - i.line + 1 }, (_, d) => i.line - 1 + d)));
  // Blank lines between instructions are layout: a move may close the gap it leaves. Blank lines inside an
  // instruction (continuations, heredoc bodies) are content like any other line.
  const layout = (k: number): boolean => !ofInstruction.has(k) && bodyOf(inLines[k]).trim() === '';
  const replacedLines = new Set([...replaced].flatMap((i) => Array.from({ length: i.endLine - i.line + 1 }, (_, d) => i.line - 1 + d)));
  const touched = new Set<number>();
  inLines.forEach((l, k) => {
    if (!layout(k) && !take(l) && !replacedLines.has(k)) touched.add(k);
  });
  inLines.forEach((l, k) => {
    if (layout(k)) take(l);
  });
  const fresh: string[] = [];
  for (const [l, n] of pool) for (let k = 0; k < n; k++) fresh.push(l);
  // Only a non-blank line of an instruction may be touched (comments, blank lines and directives never are).
  for (const k of touched) {
    const l = inLines[k];
    const at = !ofInstruction.has(k) || bodyOf(l).trim() === '' ? -1 : fresh.findIndex((o) => inserted(l, o) && continues(l, escape) === continues(o, escape));
    if (at === -1) problems.push(`line ${k + 1} was changed or lost: ${preview(l)}`);
    else fresh.splice(at, 1);
  }

  // Untouched multi-line instructions stay whole (a move takes all their lines along, in order).
  const closedOutput = close(output);
  const touchedText = new Set([...touched].map((k) => inLines[k]));
  for (const ins of input.instructions) {
    if (ins.endLine === ins.line || replaced.has(ins)) continue;
    // By text, not index: identical lines elsewhere make the multiset's choice of which copy was touched arbitrary.
    if (inLines.slice(ins.line - 1, ins.endLine).some((l) => touchedText.has(l))) continue;
    const block = input.text.slice(ins.lines[0], ins.lines[1]);
    if (!closedOutput.includes(block)) problems.push(`the lines ${ins.line}-${ins.endLine} of ${ins.keyword} are no longer together`);
  }

  // New lines: the file's EOL, and no continuation with a foreign escape character.
  const other = escape === '`' ? '\\' : '`';
  // A repeated copy of a user line (ENV, WORKDIR, ARG carried to a new stage) is the user's bytes, not ours.
  const userLines = new Set(inLines);
  // In a file with mixed line endings, an instruction both touched in place and repeated elsewhere (a flag added
  // in the builder, the line replayed in the runtime) pairs with its untouched copy above, and the touched one
  // looks new: it keeps the EOL of the user's line it was made from. Only looked for on a foreign EOL (rare).
  const touchedUserLine = (l: string): boolean => inLines.some((u, k) => ofInstruction.has(k) && inserted(u, l) && continues(u, escape) === continues(l, escape));
  for (const l of fresh) {
    if (userLines.has(l)) continue;
    const foreignEol = !l.endsWith(input.eol) || (input.eol === '\n' && l.endsWith('\r\n'));
    if (foreignEol && !touchedUserLine(l)) problems.push(`new line ${preview(l)} does not end with the file's line ending`);
    if (continues(l, other)) problems.push(`new line ${preview(l)} continues with \`${other}\` but the escape character is \`${escape}\``);
  }
  return problems;
}
