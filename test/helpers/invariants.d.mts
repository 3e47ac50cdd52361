import type { ConvertResult } from '../../src/pipeline/run.ts';
import type { Model } from '../../src/model/model.ts';

export interface Lib {
  parse(text: string): Model;
  preservationProblems(input: Model, output: string): string[];
  validate(text: string): readonly { severity?: number; message: unknown; range: { start: { line: number } } }[];
}
export const INPUT_ERRORS: ReadonlySet<string>;
export function newValidatorProblems(validate: Lib['validate'], input: string, output: string): string[];
export function resultProblems(lib: Lib, text: string, r: ConvertResult, again: (text: string) => ConvertResult): string[];
