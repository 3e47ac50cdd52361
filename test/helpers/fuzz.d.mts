import type { Lib } from './invariants.mjs';
import type { ConvertResult } from '../../src/pipeline/run.ts';

export interface Finding {
  readonly index: number;
  readonly source: number;
  readonly ops: readonly string[];
  readonly problems: readonly string[];
  readonly text: string;
}
export interface FuzzRun {
  readonly seed: number;
  readonly count: number;
  readonly findings: readonly Finding[];
  readonly statuses: Record<string, number>;
  readonly ops: Record<string, number>;
  readonly slowest: { ms: number; index: number; ops: string[] };
  readonly seconds: number;
}
export function fuzz(o: {
  lib: Lib & { convert(text: string): ConvertResult };
  texts: readonly string[];
  seed: number;
  count: number;
  maxMs: number;
  onProgress?: (done: number) => void;
}): FuzzRun;
export function generated(o: {
  lib: Lib & { convert(text: string, options?: object): ConvertResult; project(files: Record<string, string>): unknown };
  seed: number;
  count: number;
  maxMs: number;
  onProgress?: (done: number) => void;
}): FuzzRun;
