// Local paths that dependency manifests name (`file:../lib`, `-e ./pkg`, `replace … => ./mod`, `path:`): an
// install run before the sources are copied needs them, so they are copied with the manifests — or, when that
// cannot be done, the reorder is left alone with the reason. Paths are relative to the context root; a folder
// ends with `/`.
import type { Outcome } from './contract.ts';
import type { Project } from './project.ts';

/** `a/b/../c/./d` → `a/c/d`; null when the path climbs out of the context (or is absolute). */
export function normalized(path: string): string | null {
  if (path.startsWith('/')) return null;
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '');

/** Is this context path a folder with something in it? */
const isFolder = (project: Project, path: string): boolean => project.list(path).length > 0;

/**
 * The context path `ref` names, read relative to the folder of `manifest` (or to `base` when given), checked to
 * be in the context as Docker sends it; folders get a trailing `/`.
 */
export function contextPath(project: Project, manifest: string, ref: string, base = folderOf(manifest)): Outcome<string> {
  const path = normalized(base + ref.replace(/^file:(\/\/)?/, ''));
  if (path === null || path === '') return { skip: `${manifest} names ${ref}, outside what this build can copy before the install` };
  if (!project.exists(path)) return { skip: `${manifest} names ${ref}, which is not in the build context` };
  return isFolder(project, path) ? `${path}/` : path;
}

/** Every path of `refs` through `contextPath`, or the first reason one cannot be copied. */
export function contextPaths(project: Project, manifest: string, refs: readonly string[], base?: string): Outcome<string[]> {
  const out: string[] = [];
  for (const ref of refs) {
    const p = contextPath(project, manifest, ref, base);
    if (typeof p !== 'string') return p;
    out.push(p);
  }
  return out;
}

/** The folders a glob like `packages/*` stands for (one `*` segment at the end; other globs: null). */
export function expandFolders(project: Project, pattern: string): string[] | null {
  const p = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  if (p.includes('**') || /[*?[{]/.test(p.replace(/\/\*$/, ''))) return null;
  if (!p.endsWith('/*')) return [p];
  const parent = p.slice(0, -2);
  return project.list(parent).filter((n) => n.endsWith('/')).map((n) => `${parent}/${n.slice(0, -1)}`);
}
