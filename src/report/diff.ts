// Unified diff of one file, `git apply`-able: a/ b/ prefixes, `/` paths, non-empty headers (GNU patch copes
// with spaces in names then), nothing for an unchanged file. A file inside the working folder is named
// relative to it, so `git apply` and `patch -p1` take the diff there; one outside is named by its absolute
// path after the prefix (`a/home/me/app/Dockerfile`, never `a//home/...`), as git does, so the diff
// applies from the root folder (`patch -p1 -d /`).
import { createTwoFilesPatch } from 'diff';

/** The path a diff names: `shown` (as printed, relative inside the working folder), or the absolute `file` outside it. */
export function diffPath(shown: string, file: string): string {
  const slashed = shown.split('\\').join('/');
  return slashed.startsWith('../') || slashed.startsWith('/') ? file.split('\\').join('/') : slashed;
}

/** `before` null: a new file (`--- /dev/null`, as git writes it, so `git apply` creates it). */
export function unifiedDiff(path: string, before: string | null, after: string): string {
  if (before === after) return '';
  const name = path.split('\\').join('/').replace(/^\.\//, '').replace(/^\/+/, '');
  return createTwoFilesPatch(before === null ? '/dev/null' : `a/${name}`, `b/${name}`, before ?? '', after, before === null ? '' : 'original', 'converted', {
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
