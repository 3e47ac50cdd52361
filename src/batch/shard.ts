// `--shard I/N`: job I of N takes one contiguous, balanced slice of the sorted file list. Contiguous slices
// keep a repository's Dockerfiles together (one pull request per repository stays one job); sizes differ by
// at most one file; the N slices cover every file exactly once, the same way on every machine.

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Parses `I/N`; undefined when it is not a valid shard (1 ≤ I ≤ N). */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

export function applyShard<T>(items: readonly T[], shard: Shard): T[] {
  const n = items.length;
  const start = Math.floor(((shard.index - 1) * n) / shard.count);
  const end = Math.floor((shard.index * n) / shard.count);
  return items.slice(start, end);
}
