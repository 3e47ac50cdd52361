// The BuildKit secrets a verify run passes to both builds (`--secret id=…,src=FILE` / `env=VAR`) must be in no
// layer of the converted image: `docker save` streams the image (every layer, uncompressed, and its config with
// the history) and each secret's value is searched for as it passes. This is what `--secret-mounts` promises.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine } from './engine.ts';

/** Values shorter than this would match by chance in hundreds of megabytes: not searched. */
const MIN_LENGTH = 8;

/** The value a `--secret` spec names, as the engine's client reads it (a file relative to the working folder). */
export function secretValue(spec: string, env: NodeJS.ProcessEnv = process.env): { id: string; value: string | undefined } {
  const parts = Object.fromEntries(spec.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  const id = parts.id ?? '';
  const src = parts.src ?? parts.source;
  if (src !== undefined) {
    try {
      return { id, value: readFileSync(resolve(src), 'latin1').trim() };
    } catch {
      return { id, value: undefined };
    }
  }
  return { id, value: env[parts.env ?? id] };
}

/** Searches a stream for several needles, across chunk boundaries. */
export function streamSearch(needles: readonly string[]): { feed(chunk: string): void; readonly found: Set<string> } {
  const found = new Set<string>();
  const keep = Math.max(0, ...needles.map((n) => n.length)) - 1;
  let tail = '';
  return {
    found,
    feed(chunk: string): void {
      const text = tail + chunk;
      for (const n of needles) if (!found.has(n) && text.includes(n)) found.add(n);
      tail = keep > 0 ? text.slice(-keep) : '';
    },
  };
}

/** The ids of the secrets whose values are somewhere in the image (or null when the image could not be saved). */
export async function secretsInImage(engine: Engine, image: string, specs: readonly string[]): Promise<string[] | null> {
  const secrets = specs.map((s) => secretValue(s)).filter((s): s is { id: string; value: string } => s.value !== undefined && s.value.length >= MIN_LENGTH);
  if (secrets.length === 0) return [];
  const search = streamSearch(secrets.map((s) => s.value));
  const saved = await engine.run(['save', image], { encoding: 'latin1', timeoutMs: 600_000, onStdout: (c) => search.feed(c) });
  if (saved.code !== 0) return null;
  return secrets.filter((s) => search.found.has(s.value)).map((s) => s.id);
}
