// Unified diff of one file, `git apply`-able: a/ b/ prefixes, repo-relative `/` paths, non-empty headers
// (GNU patch copes with spaces in names then), nothing for an unchanged file.
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const name = path.split('\\').join('/').replace(/^\.\//, '');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, 'original', 'converted', {
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
