// dockerfile-ast 0.7.1 finds an instruction's arguments by scanning its text again on every call, and its own
// constructors and getters (and dockerfile-utils' validator) ask for them many times per instruction (about ten
// times per RUN): before this, most of a conversion's time went to those repeated scans. A parsed instruction
// never changes, so the scan is kept per instance. Callers may change what they get: ModifiableInstruction
// shifts the array, so every call hands out a fresh array; FROM (and only FROM, in both libraries) assigns new
// ends to an argument's range, so a FROM gets fresh arguments with fresh ranges. Positions are shared: neither
// library ever assigns to a position's line or character.
import { Argument, DockerfileParser, From, Instruction, type Dockerfile } from 'dockerfile-ast';

const SCANS = Symbol('msd-convert.arguments');
const MEMO = Symbol('msd-convert.memo');
type Memoized = Instruction & { [SCANS]?: readonly Argument[] };
type Getter = (this: Instruction) => Argument[];

const proto = Instruction.prototype as unknown as { getRawArguments: Getter & { [MEMO]?: true } };
const scan = proto.getRawArguments;

// Installed once per dockerfile-ast instance, and only over the implementation this was written against.
if (typeof scan === 'function' && !scan[MEMO]) {
  const memoized: Getter & { [MEMO]?: true } = function (this: Memoized): Argument[] {
    let scans = this[SCANS];
    if (!scans) this[SCANS] = scans = scan.call(this);
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
