// Paths as instructions name them: where a relative path lands at a WORKDIR, whether one path is inside a
// folder, and what a COPY/ADD copies where. One definition each, for analysis, ecosystems and transforms.
import type { Instruction } from './model.ts';
import { positional } from './shell.ts';

/** The absolute form of a path used at `workdir` (null when it cannot be told). */
export function resolvePath(path: string, workdir: string | null): string | null {
  if (path.includes('$') || (path.includes('*') && !path.startsWith('/'))) return path.startsWith('/') ? path : null;
  if (path.startsWith('/')) return path;
  if (path.startsWith('~')) return null;
  const parts = ((workdir ?? '/') + '/' + path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** Is `path` the folder `dir` or inside it? False for no folder and for `/`, which would hold everything. */
export const isInside = (path: string | null, dir: string | null): boolean =>
  path !== null && dir !== null && dir !== '/' && (path === dir || path === dir + '/' || path.startsWith(dir.endsWith('/') ? dir : dir + '/'));

/** A path argument without the quotes around it (`"/my app"` → `/my app`). */
export const unquote = (arg: string): string => arg.trim().replace(/^["']|["']$/g, '');

/** The sources of a COPY/ADD, as written. */
export function copySources(ins: Instruction): string[] {
  if (ins.json) return ins.json.slice(0, -1);
  return positional(ins.args.trim().split(/\s+/)).slice(0, -1);
}

/** The destination of a COPY/ADD, as written. */
export function copyDest(ins: Instruction): string {
  if (ins.json) return ins.json[ins.json.length - 1] ?? '';
  const parts = ins.args.trim().split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/** Where a COPY/ADD puts its files, absolute (null when it cannot be told). */
export const copyTarget = (ins: Instruction, workdir: string | null): string | null => resolvePath(unquote(copyDest(ins)), workdir);

const WHOLESALE = new Set(['.', './', '*', './*']);

/** A COPY/ADD of the whole build context (`COPY . .`). */
export const isWholesaleCopy = (ins: Instruction): boolean =>
  (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
  !ins.flags.some((f) => f.name.toLowerCase() === 'from') &&
  !ins.heredoc &&
  copySources(ins).some((s) => WHOLESALE.has(s));
