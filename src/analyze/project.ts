// The build context as the core sees it: read-only lookups injected by the shell (CLI, tests), so the core
// never touches the file system. `known: false` means "no context" (stdin): analysis is then more careful.

export interface Project {
  readonly known: boolean;
  /** Content of a file relative to the context root, or undefined. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
  /** Entry names of a folder ('' = the root); folders end with '/'. */
  list(dir: string): readonly string[];
}

export const NO_PROJECT: Project = { known: false, read: () => undefined, exists: () => false, list: () => [] };

/** A project made from an in-memory map of path → content (tests, library users). */
export function projectFromFiles(files: Readonly<Record<string, string>>): Project {
  const paths = Object.keys(files);
  return {
    known: true,
    read: (p) => files[norm(p)],
    exists: (p) => norm(p) in files || paths.some((q) => q.startsWith(norm(p) + '/')),
    list: (dir) => {
      const prefix = dir === '' ? '' : norm(dir) + '/';
      const names = new Set<string>();
      for (const p of paths) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.add(slash === -1 ? rest : rest.slice(0, slash + 1));
      }
      return [...names].sort();
    },
  };
}

const norm = (p: string): string => p.replace(/^\.\//, '').replace(/\/+$/, '');

export function readJson(project: Project, path: string): Record<string, unknown> | undefined {
  const text = project.read(path);
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
