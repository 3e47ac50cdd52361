// Everything a verify run creates in the engine carries one label, `msd-convert.verify=<run id>`, and a name
// that says what it is. Removal goes by that label, not by a list kept in memory: a list misses what a client
// killed half-way through had already created, the engine's own index does not.
import type { Engine } from './engine.ts';

export const LABEL_KEY = 'msd-convert.verify';

export interface RunResources {
  readonly id: string;
  /** `msd-convert.verify=<id>`, for --label and --filter label=. */
  readonly label: string;
  /** An image tag for one side of one file: `msd-verify/<n>-<slug>:<id>-original`. */
  image(index: number, shown: string, side: Side): string;
  /** A container name: `msd-verify-<id>-<n>-<slug>-<side>[-<purpose>]`. */
  container(index: number, shown: string, side: Side, purpose?: string): string;
}

export type Side = 'original' | 'converted';

/** Lower-case letters, digits and dashes only: valid in image repositories and container names of both engines. */
export function slug(path: string): string {
  const s = path
    .toLowerCase()
    .replace(/\/?(?:dockerfile|containerfile)$/i, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(-40)
    .replace(/^-+/, '');
  return s || 'dockerfile';
}

export function runResources(id: string = newRunId()): RunResources {
  return {
    id,
    label: `${LABEL_KEY}=${id}`,
    image: (index, shown, side) => `msd-verify/${index + 1}-${slug(shown)}:${id}-${side}`,
    container: (index, shown, side, purpose) => `msd-verify-${id}-${index + 1}-${slug(shown)}-${side}${purpose ? `-${purpose}` : ''}`,
  };
}

/** Short, lower-case, and different for two runs started at once on one machine (time and process id). */
export function newRunId(): string {
  return `${Date.now().toString(36)}${process.pid.toString(36)}`;
}

const ids = (stdout: string): string[] => [...new Set(stdout.split(/\s+/).filter(Boolean))];

/**
 * Removes every container, then every image, carrying the run's label (containers first: an image in use
 * cannot be removed). Returns what was asked to be removed; what still lists afterwards is reported by the caller.
 */
export async function removeLabelled(engine: Engine, label: string): Promise<{ containers: string[]; images: string[] }> {
  const timeoutMs = 120_000;
  const listed = await engine.run(['ps', '-a', '-q', '--filter', `label=${label}`], { cleanup: true, timeoutMs });
  const containers = ids(listed.stdout);
  if (containers.length) await engine.run(['rm', '-f', ...containers], { cleanup: true, timeoutMs });
  const images = ids((await engine.run(['images', '-q', '--filter', `label=${label}`], { cleanup: true, timeoutMs })).stdout);
  if (images.length) await engine.run(['rmi', '-f', ...images], { cleanup: true, timeoutMs });
  return { containers, images };
}

/** What still carries the label (after removeLabelled: should be nothing). */
export async function listLabelled(engine: Engine, label: string): Promise<{ containers: string[]; images: string[] }> {
  const containers = ids((await engine.run(['ps', '-a', '-q', '--filter', `label=${label}`], { cleanup: true })).stdout);
  const images = ids((await engine.run(['images', '-q', '--filter', `label=${label}`], { cleanup: true })).stdout);
  return { containers, images };
}

/** Stops the running containers carrying the label (for --keep: kept, but not left listening). */
export async function stopLabelled(engine: Engine, label: string): Promise<void> {
  const running = ids((await engine.run(['ps', '-q', '--filter', `label=${label}`], { cleanup: true, timeoutMs: 60_000 })).stdout);
  if (running.length) await engine.run(['stop', '-t', '5', ...running], { cleanup: true, timeoutMs: 120_000 });
}
