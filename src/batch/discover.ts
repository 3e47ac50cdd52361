// Which files are Dockerfiles, and finding them under folders (renovate's fileMatch idea): `Dockerfile`,
// `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`, case-insensitive; `.git`, `node_modules`
// and vendored folders are not searched. The order is deterministic (sorted paths).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DOCKERFILE_NAME = /^(?:(?:docker|container)file(?:\..+)?|.+\.(?:docker|container)file)$/i;
const SKIP_DIRS = new Set(['.git', 'node_modules', 'vendor', 'third_party', '.hg', '.svn', 'bower_components', '.venv', 'venv', '__pycache__', 'target', 'dist', '.terraform']);

export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !/\.(md|txt|json|ya?ml|orig|rej|bak|swp|sh|j2|tpl|template|erb|in)$/i.test(name);
}

/** All Dockerfiles below `dir`, sorted. */
export function findDockerfiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(join(d, e.name));
      } else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name)) out.push(join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
}
