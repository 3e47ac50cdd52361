// dockerfile-ast → Model. The only module that touches dockerfile-ast's LSP positions: everything past here
// works with offsets into the original text.
import { DockerfileParser, Keyword, type Instruction as AstInstruction } from 'dockerfile-ast';
import { ConvertError } from '../errors.ts';
import { firstArgumentProblem, joined } from './arguments.ts';
import './ast-memo.ts';
import type { Comment, Directive, Flag, Instruction, Model, Range, Stage } from './model.ts';

interface Pos {
  line: number;
  character: number;
}
interface AstFlag {
  getName(): string;
  getValue(): string | null;
  getRange(): { start: Pos; end: Pos };
}

const KEYWORDS = new Set<string>(Object.values(Keyword));
const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'COPY', 'ADD']);

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Parses a Dockerfile; throws ConvertError (with a 1-based line) for input Docker itself would reject. */
export function parse(text: string): Model {
  if (text.trim() === '' || text.replace(/^\uFEFF/, '').trim() === '') throw new ConvertError('empty-file', {});
  if (text.includes('\0')) throw new ConvertError('binary-file', {});
  // dockerfile-ast ends a line at a lone \r, Docker does not: offsets would point at different lines.
  const cr = text.search(/\r(?!\n)/);
  if (cr !== -1) throw new ConvertError('stray-carriage-return', {}, text.slice(0, cr).split('\n').length);
  const rawStarts = lineStartsOf(text);
  const at = (p: Pos): number => rawStarts[p.line] + p.character;
  // Whole-line ranges start after a BOM, so moving or inserting at the first line keeps it first.
  const lineStarts = text.startsWith('\uFEFF') ? [1, ...rawStarts.slice(1)] : rawStarts;
  const df = DockerfileParser.parse(text);
  const escape = df.getEscapeCharacter();
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lineEnd = (line: number): number => (line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length);

  const directives: Directive[] = df.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    range: [at(d.getRange().start), at(d.getRange().end)] as Range,
  }));
  const comments: Comment[] = df.getComments().map((c) => {
    const r = c.getRange();
    return { text: text.slice(at(r.start), at(r.end)), range: [at(r.start), at(r.end)], line: r.start.line + 1 };
  });
  const commentLines = new Set(comments.map((c) => c.line - 1));
  const directiveLines = new Set(df.getDirectives().map((d) => d.getRange().start.line));

  const astInstructions = df.getInstructions();
  const instructions: Instruction[] = [];
  let stage = -1;
  for (const ast of astInstructions) {
    const keyword = ast.getKeyword();
    const r = ast.getRange();
    const line = r.start.line;
    if (!KEYWORDS.has(keyword)) {
      throw new ConvertError('unknown-instruction', { instruction: ast.getInstruction() }, line + 1);
    }
    if (keyword === 'FROM') stage++;
    const start = at(r.start);
    // dockerfile-ast's range takes trailing blanks along; the model's ends at the last argument, so text
    // inserted "after the instruction" (` AS builder`) goes before the user's trailing blanks, not after them.
    let end = at(r.end);
    while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    const astFlags = 'getFlags' in ast && typeof ast.getFlags === 'function' ? (ast.getFlags() as AstFlag[]) : null;
    const flags: Flag[] = (astFlags ?? []).map((f) => ({ name: f.getName(), value: f.getValue(), range: [at(f.getRange().start), at(f.getRange().end)] }));
    // dockerfile-ast's getArgumentsRange, without its copies: the arguments after the flags (a flag-taking
    // instruction's getArguments drops one leading argument per flag), from the first one's start to the last one's end.
    const raw = (ast as unknown as { getRawArguments(): { getRange(): { start: Pos; end: Pos } }[] }).getRawArguments();
    const first = astFlags ? astFlags.length : 0;
    const argsRange: Range | null = raw.length > first ? [at(raw[first].getRange().start), at(raw[raw.length - 1].getRange().end)] : null;
    // Arguments start after the flags (dockerfile-ast's argument range includes them for some keywords).
    let rawStart = argsRange ? argsRange[0] : end;
    for (const f of flags) if (f.range[1] > rawStart) rawStart = f.range[1];
    if (argsRange && rawStart > argsRange[0]) {
      while (rawStart < end && /\s/.test(text[rawStart])) rawStart++;
    }
    // dockerfile-ast 0.7.1 starts the arguments inside a comment line of the continuation when that comment
    // holds a backslash (`RUN \`, `# a\b`, ...); Docker drops such lines: the arguments start after them.
    if (argsRange) rawStart = pastCommentLines(text, rawStart, end, lineStarts[line]);
    const rawArgs = argsRange ? text.slice(rawStart, Math.max(rawStart, argsRange[1])) : '';
    const args = blankContinuations(rawArgs, escape);
    const endLine = r.end.line;
    let leading: Range | null = null;
    for (let l = line - 1; l >= 0 && commentLines.has(l) && !directiveLines.has(l); l--) {
      leading = [lineStarts[l], lineStarts[line]];
    }
    instructions.push({
      index: instructions.length,
      keyword,
      range: [start, end],
      lines: [lineStarts[line], lineEnd(endLine)],
      leading,
      line: line + 1,
      endLine: endLine + 1,
      rawArgs,
      argsRange: argsRange ? [rawStart, Math.max(rawStart, argsRange[1])] : null,
      args,
      flags,
      json: JSON_FORM.has(keyword) ? jsonForm(rawArgs, escape) : null,
      // Only an instruction with `<<` can hold a heredoc; dockerfile-ast's search is costly.
      heredoc: rawArgs.includes('<<') && hasHeredoc(ast, line + 1),
      pairs: keyword === 'ENV' || keyword === 'ARG' ? propertyPairs(ast) : [],
      stage,
      ast,
    });
  }
  if (stage < 0) throw new ConvertError('no-from', {});
  const first = instructions.find((i) => i.keyword !== 'ARG');
  if (first && first.keyword !== 'FROM') throw new ConvertError('before-from', { instruction: first.keyword }, first.line);
  checkContinuation(text, escape, instructions, lineStarts);
  const bad = firstArgumentProblem(instructions, escape);
  if (bad) throw new ConvertError('bad-arguments', { instruction: bad.ins.keyword, problem: bad.problem }, bad.ins.line);

  const stages: Stage[] = [];
  const stageNames = new Set<string>();
  for (const ins of instructions) {
    if (ins.keyword !== 'FROM') continue;
    const from = ins.ast as unknown as {
      getBuildStage(): string | null;
      getImage(): string | null;
      getPlatformFlag(): { getValue(): string | null } | null;
    };
    const name = from.getBuildStage();
    // Docker rejects a stage name used twice; `--from=name` would be ambiguous for us too.
    if (name && stageNames.has(name.toLowerCase())) throw new ConvertError('duplicate-stage', { name }, ins.line);
    if (name) stageNames.add(name.toLowerCase());
    stages.push({
      index: ins.stage,
      from: ins,
      name: from.getBuildStage(),
      image: from.getImage() ?? '',
      platform: from.getPlatformFlag()?.getValue() ?? null,
      instructions: instructions.filter((i) => i.stage === ins.stage),
    });
  }
  return {
    text,
    bom: text.startsWith('\uFEFF'),
    eol,
    escape,
    finalNewline: /\n$/.test(text),
    directives,
    comments,
    instructions,
    stages,
    globalArgs: instructions.filter((i) => i.stage === -1),
    lineStarts,
  };
}

/** `at`, or the first character after the comment lines (of a continuation) that `at` lies in or before. */
function pastCommentLines(text: string, at: number, end: number, firstLine: number): number {
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (lineStart <= firstLine || !/^[ \t]*#/.test(text.slice(lineStart, at + 1))) return at;
  let p = at;
  while (p < end) {
    const eol = text.indexOf('\n', p);
    if (eol === -1 || eol + 1 >= end) return at;
    lineStart = eol + 1;
    const m = /^[ \t]*/.exec(text.slice(lineStart, end))!;
    p = lineStart + m[0].length;
    if (text[p] !== '#' && text[p] !== '\r' && text[p] !== '\n') return p;
  }
  return at;
}

/** The escape character, then blanks, at the end of a line: one pattern per escape character. */
const LINE_CONTINUES: Record<string, RegExp> = { '\\': /\\[ \t]*\r?$/, '`': /`[ \t]*\r?$/ };

/** Replaces escape+EOL and whole comment lines inside a continuation by spaces of the same length. */
function blankContinuations(raw: string, escape: string): string {
  if (!raw.includes('\n')) return raw;
  const lines = raw.split('\n');
  const continues = LINE_CONTINUES[escape] ?? new RegExp(`${escape}[ \\t]*\\r?$`);
  return lines
    .map((l, i) => {
      if (i > 0 && /^\s*#/.test(l)) return ' '.repeat(l.length);
      if (i === lines.length - 1) return l;
      const m = continues.exec(l);
      return m ? l.slice(0, m.index) + ' '.repeat(l.length - m.index) : l.replace(/\r$/, ' ');
    })
    .join(' ');
}

/**
 * The exec (JSON) form as Docker reads it: the joined arguments parse as a JSON array of strings, or the
 * instruction is in shell form. (dockerfile-ast's getJSONValue drops the blanks inside strings: `"a b"` → `ab`.)
 */
function jsonForm(rawArgs: string, escape: string): string[] | null {
  // Shell form, the common case, needs no join: only `[`, or a continuation before it, can start exec form.
  const first = rawArgs.trimStart()[0];
  if (first !== '[' && first !== escape) return null;
  const raw = joined(rawArgs, escape).trim();
  if (!raw.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : null;
  } catch {
    return null;
  }
}

/** ENV/ARG name/value pairs, read once here (dockerfile-ast reads the properties anew on every call). */
function propertyPairs(ast: AstInstruction): [string, string][] {
  const props = (ast as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] }).getProperties?.();
  return (props ?? []).map((p) => [p.getName(), (p.getValue() ?? '').replace(/^["']|["']$/g, '')]);
}

/** Whether the instruction has heredocs; one without its closing delimiter is an input error (Docker rejects it). */
function hasHeredoc(ast: AstInstruction, line: number): boolean {
  const h = ast as unknown as { getHeredocs?: () => { getDelimiterRange(): unknown }[] };
  if (typeof h.getHeredocs !== 'function') return false;
  let heredocs;
  try {
    heredocs = h.getHeredocs();
  } catch {
    // dockerfile-ast 0.7.1 throws on some comment-in-continuation shapes (upstream #123); a real heredoc has "<<".
    return /<<-?\s*['"]?\w/.test(ast.getRawArgumentsContent() ?? '');
  }
  if (heredocs.some((d) => d.getDelimiterRange() === null)) throw new ConvertError('unterminated-heredoc', {}, line);
  return heredocs.length > 0;
}

/** A file whose last instruction ends in the escape character has an unterminated continuation. */
function checkContinuation(text: string, escape: string, instructions: Instruction[], lineStarts: number[]): void {
  const last = instructions[instructions.length - 1];
  if (!last || last.heredoc) return;
  // Docker reads comment and blank lines inside a continuation as part of it: `RUN a \` + `# note` at the end
  // of the file is still open, and a line appended after it would join the RUN.
  const tail = text.slice(last.range[0]).replace(/(\r?\n[ \t]*(#[^\n]*)?)+$/, '').replace(/\s+$/, '');
  if (tail.endsWith(escape) && !tail.endsWith(escape + escape)) {
    const line = lineStarts.filter((s) => s <= last.range[0] + tail.length - 1).length;
    throw new ConvertError('unterminated-continuation', {}, line);
  }
}
