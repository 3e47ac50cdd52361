// Colour for people, plain text for pipes: the shell decides per stream (a TTY, NO_COLOR, FORCE_COLOR) and
// passes the palette down; the formatting code never looks at the environment.
import { createColors } from 'picocolors';
import type { Colors } from './summary.ts';

export interface Palette extends Colors {
  cyan(s: string): string;
}

export const palette = (enabled: boolean): Palette => {
  const c = createColors(enabled);
  return { red: c.red, green: c.green, yellow: c.yellow, dim: c.dim, bold: c.bold, cyan: c.cyan };
};

/** NO_COLOR (non-empty) turns colour off, FORCE_COLOR (not 0) on; otherwise only a terminal gets it. */
export function wantsColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** A unified diff with headers bold, hunk headers cyan, removed lines red and added lines green. */
export function colorDiff(diff: string, c: Palette): string {
  return diff.replace(/^.*$/gm, (line) => {
    if (line.startsWith('+++ ') || line.startsWith('--- ')) return c.bold(line);
    if (line.startsWith('@@')) return c.cyan(line);
    if (line.startsWith('+')) return c.green(line);
    if (line.startsWith('-')) return c.red(line);
    return line;
  });
}
