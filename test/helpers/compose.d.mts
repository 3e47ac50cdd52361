import type { Rng } from './mutate.mjs';
export function compose(r: Rng): { text: string; files: Record<string, string>; options: { runtimeBase?: string }; parts: string[] };
