// The immutable model every analysis and transform reads. Ranges are [start, end) offsets into `text`
// (JS string indices, BOM included), so edits can be computed without going back to line/column positions.
import type { Instruction as AstInstruction } from 'dockerfile-ast';

export type Range = readonly [start: number, end: number];

export interface Flag {
  readonly name: string;
  readonly value: string | null;
  readonly range: Range;
}

export interface Comment {
  readonly text: string; // the whole line without its EOL, e.g. "# install deps"
  readonly range: Range; // the comment text on its line
  readonly line: number; // 1-based
}

export interface Instruction {
  readonly index: number;
  /** Upper-case keyword; the file may spell it in any case. */
  readonly keyword: string;
  /** From the keyword to the end of the last argument (no EOL). */
  readonly range: Range;
  /** Whole lines: start of the keyword's line to after the EOL of the last line (or end of file). */
  readonly lines: Range;
  /** Comment lines directly above (no blank line between) that belong to this instruction. */
  readonly leading: Range | null;
  readonly line: number; // 1-based
  readonly endLine: number; // 1-based
  /** Raw argument text after the flags, exactly as in the file. */
  readonly rawArgs: string;
  readonly argsRange: Range | null;
  /**
   * `rawArgs` with every escape+EOL and every comment line inside the continuation blanked to spaces:
   * the same length as `rawArgs`, so an index in it is an index in the file (argsRange[0] + i).
   */
  readonly args: string;
  readonly flags: readonly Flag[];
  /** Exec (JSON) form values for RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK CMD; null for shell form. */
  readonly json: readonly string[] | null;
  readonly heredoc: boolean;
  /** ENV and ARG: the name/value pairs (`A=1 B="x y"`, `A 1`), quotes around a value removed; empty for others. */
  readonly pairs: readonly (readonly [string, string])[];
  /** Stage index; -1 for ARGs before the first FROM. */
  readonly stage: number;
  readonly ast: AstInstruction;
}

export interface Stage {
  readonly index: number;
  readonly from: Instruction;
  /** The name after AS, as written (null when unnamed). */
  readonly name: string | null;
  /** Image reference as written (`node:20`, `${BASE}`, `builder`). */
  readonly image: string;
  readonly platform: string | null;
  readonly instructions: readonly Instruction[]; // FROM first
}

export interface Directive {
  readonly name: string;
  readonly value: string;
  readonly range: Range;
}

export interface Model {
  readonly text: string;
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
  readonly escape: string;
  /** True when the text ends with a line break. */
  readonly finalNewline: boolean;
  readonly directives: readonly Directive[];
  readonly comments: readonly Comment[];
  readonly instructions: readonly Instruction[];
  readonly stages: readonly Stage[];
  readonly globalArgs: readonly Instruction[];
  /** Offsets of the first character of every line. */
  readonly lineStarts: readonly number[];
}

/**
 * The stage whose instructions make the image a default `docker build` (no --target) produces: the last stage,
 * or, when the last stage is only `FROM <earlier stage>` (an alias that repeats an image, so that stages added
 * after it, like a `debug` stage, do not become the default target), the stage that alias names.
 */
export function finalStage(m: Model): Stage {
  let stage = m.stages[m.stages.length - 1];
  for (let hops = 0; stage && stage.instructions.length === 1 && hops < m.stages.length; hops++) {
    const named = m.stages.find((s) => s.index < stage.index && s.name !== null && s.name.toLowerCase() === stage.image.toLowerCase());
    if (!named) break;
    stage = named;
  }
  return stage;
}

/** The last stage of the file: what `docker build` builds without --target (it may only alias the final stage). */
export const lastStage = (m: Model): Stage => m.stages[m.stages.length - 1];

export function lineOf(m: Model, offset: number): number {
  let lo = 0;
  let hi = m.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export const flag = (ins: Instruction, name: string): Flag | undefined =>
  ins.flags.find((f) => f.name.toLowerCase() === name);
