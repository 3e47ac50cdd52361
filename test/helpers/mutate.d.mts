export interface Rng {
  (): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
}
export function rng(seed: number): Rng;
export const MUTATORS: Record<string, (text: string, r: Rng, donor: string) => string>;
export const MUTATOR_NAMES: readonly string[];
export function mutate(text: string, r: Rng, donor?: string): { text: string; ops: string[] };
