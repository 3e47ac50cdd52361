// Unified diff of one file, `git apply`-able: a/ b/ prefixes, repo-relative `/` paths, non-empty headers
// (GNU patch copes with spaces in names then), nothing for an unchanged file.
import { createTwoFilesPatch } from 'diff';

/** `before` null: a new file (`--- /dev/null`, as git writes it, so `git apply` creates it). */
export function unifiedDiff(path: string, before: string | null, after: string): string {
  if (before === after) return '';
  const name = path.split('\\').join('/').replace(/^\.\//, '');
  return createTwoFilesPatch(before === null ? '/dev/null' : `a/${name}`, `b/${name}`, before ?? '', after, before === null ? '' : 'original', 'converted', {
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
