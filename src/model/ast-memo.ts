// dockerfile-ast 0.7.1 finds an instruction's arguments by scanning its text again on every call, and its own
// constructors and getters (and dockerfile-utils' validator) ask for them many times per instruction (about ten
// times per RUN): before this, most of a conversion's time went to those repeated scans. A parsed instruction
// never changes, so the scan is kept per instance. Callers may change what they get: ModifiableInstruction
// shifts the array, so every call hands out a fresh array; FROM (and only FROM, in both libraries) assigns new
// ends to an argument's range, so a FROM gets fresh arguments with fresh ranges. Positions are shared: neither
// library ever assigns to a position's line or character.
// The scan itself is done by ast-scan.ts where the text allows (nearly always), by the library's otherwise.
import { Argument, DockerfileParser, From, Instruction, type Dockerfile } from 'dockerfile-ast';
import { scanWords } from './ast-scan.ts';

const SCANS = Symbol('msd-convert.arguments');
const MEMO = Symbol('msd-convert.memo');
type Memoized = Instruction & { [SCANS]?: readonly Argument[] };
type Getter = (this: Instruction) => Argument[];

const proto = Instruction.prototype as unknown as { getRawArguments: Getter & { [MEMO]?: true } };
const scan = proto.getRawArguments;

/** What an instruction keeps that the scan reads (fields the library's typings do not expose). */
interface Scanned {
  readonly document: {
    offsetAt(p: { line: number; character: number }): number;
    positionAt(offset: number): { line: number; character: number };
  };
  readonly escapeChar: string;
}

/** The instruction's arguments as ast-scan.ts reads them, or null for a text it leaves to the library. */
export function slicedArguments(ins: Instruction): Argument[] | null {
  const { document, escapeChar } = ins as unknown as Scanned;
  const range = ins.getInstructionRange();
  const start = document.offsetAt(range.start);
  // The text after the keyword, as the library takes it: the line's text from the keyword's length on.
  const offset = document.offsetAt(range.end);
  const text = ins.getTextContent().substring(offset - start);
  const words = scanWords(text, escapeChar);
  if (!words) return null;
  // Positions found by one walk over the text from its start's position, not a search of the document's line
  // table for each (line ends are `\n` or `\r\n` in the texts scanWords reads). The library's positions and
  // ranges are plain { line, character } and { start, end } objects too.
  const first = document.positionAt(offset);
  let line = first.line;
  let lineStart = -first.character;
  let eol = text.indexOf('\n');
  const at = (i: number): { line: number; character: number } => {
    while (eol !== -1 && eol < i) {
      line++;
      lineStart = eol + 1;
      eol = text.indexOf('\n', lineStart);
    }
    return { line, character: i - lineStart };
  };
  const args: Argument[] = [];
  for (const w of words) args.push(new Argument(w.value, { start: at(w.from), end: at(w.to) }));
  return args;
}

/** The library's own scan (for the differential test of ast-scan.ts). */
export const libraryArguments = (ins: Instruction): Argument[] => scan.call(ins);

// Installed once per dockerfile-ast instance, and only over the implementation this was written against.
if (typeof scan === 'function' && !scan[MEMO]) {
  const memoized: Getter & { [MEMO]?: true } = function (this: Memoized): Argument[] {
    let scans = this[SCANS];
    if (!scans) this[SCANS] = scans = slicedArguments(this) ?? scan.call(this);
    if (!(this instanceof From)) return scans.slice();
    return scans.map((a) => new Argument(a.getValue(), { start: a.getRange().start, end: a.getRange().end }));
  };
  memoized[MEMO] = true;
  proto.getRawArguments = memoized;
}

// The pipeline parses its output, then dockerfile-utils' validator (which resolves this same dockerfile-ast)
// parses that very text again: the last parse is kept for its text. Parsed structures are only read (arguments
// are handed out as copies, above), so sharing one is safe; a different text parses afresh.
const parser = DockerfileParser as unknown as { parse: ((text: string) => Dockerfile) & { [MEMO]?: true } };
const parseText = parser.parse;
if (typeof parseText === 'function' && !parseText[MEMO]) {
  let lastText: string | undefined;
  let last: Dockerfile | undefined;
  const memoized: ((text: string) => Dockerfile) & { [MEMO]?: true } = (text) => {
    if (text !== lastText || !last) {
      last = parseText(text);
      lastText = text;
    }
    return last;
  };
  memoized[MEMO] = true;
  parser.parse = memoized;
}
