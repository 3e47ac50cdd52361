// The build context as the core sees it: read-only lookups injected by the shell (CLI, tests), so the core
// never touches the file system. `known: false` means "no context" (stdin): analysis is then more careful.
// What the core sees is what Docker would send: paths the context's .dockerignore excludes do not exist.
import dockerignore from '@balena/dockerignore';

// The package is CommonJS (`module.exports = ignore`) typed as an ES default export: Node hands the function over
// as the default import while TypeScript sees a module with a `default`; take the function either way.
const ignore: typeof dockerignore.default = (dockerignore as unknown as { default?: typeof dockerignore.default }).default ?? (dockerignore as unknown as typeof dockerignore.default);

export interface Project {
  readonly known: boolean;
  /** Content of a file relative to the context root, or undefined. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
  /** Entry names of a folder ('' = the root); folders end with '/'. */
  list(dir: string): readonly string[];
  /** The text of the context's .dockerignore, or undefined when it has none. */
  readonly dockerignore?: string;
  /** Would Docker leave this path (relative to the context) out of the build context? */
  ignored?(path: string): boolean;
}

export const NO_PROJECT: Project = { known: false, read: () => undefined, exists: () => false, list: () => [] };

const norm = (p: string): string => p.replace(/^\.\//, '').replace(/\/+$/, '');

/** Does `text` (a .dockerignore) leave `path` out? Docker's own matching: `**`, `!` exceptions, last rule wins. */
export function dockerignoreMatcher(text: string | undefined): (path: string) => boolean {
  if (text === undefined) return () => false;
  const rules = ignore().add(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  return (path) => {
    const p = norm(path);
    return p !== '' && rules.ignores(p);
  };
}

/**
 * The context as Docker sends it: what its .dockerignore excludes is neither listed, nor readable, nor there.
 * `.dockerignore` itself stays readable (the tool proposes lines for it).
 */
export function asSent(raw: Project): Project {
  if (!raw.known) return raw;
  const dockerignore = raw.read('.dockerignore');
  const ignored = dockerignoreMatcher(dockerignore);
  if (dockerignore === undefined) return { ...raw, ignored };
  return {
    known: true,
    dockerignore,
    ignored,
    read: (p) => (ignored(p) && norm(p) !== '.dockerignore' ? undefined : raw.read(p)),
    exists: (p) => !ignored(p) && raw.exists(p),
    list: (dir) => raw.list(dir).filter((name) => !ignored(norm(dir) ? `${norm(dir)}/${name}` : name)),
  };
}

/** A project made from an in-memory map of path → content (tests, library users), as Docker would send it. */
export function projectFromFiles(files: Readonly<Record<string, string>>): Project {
  const paths = Object.keys(files);
  return asSent({
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
  });
}

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
