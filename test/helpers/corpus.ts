// Where the third-party corpus lives (../shared/corpus next to the repository) and how to list it. Tests that
// use it skip visibly when it is absent (a clean clone elsewhere).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
export const DOCKERFILES = join(CORPUS, 'dockerfiles');
export const APPS = join(CORPUS, 'apps');
export const hasCorpus = existsSync(DOCKERFILES) && existsSync(join(APPS, 'apps.tsv'));
if (!hasCorpus) console.warn(`corpus not found at ${CORPUS}: the sweep and fuzz tests are skipped`);

export const corpusFiles = (): string[] => (hasCorpus ? readdirSync(DOCKERFILES).sort().map((f) => join(DOCKERFILES, f)) : []);

export interface AppDockerfile {
  readonly app: string;
  readonly file: string;
  readonly context: string;
}

/** Every Dockerfile of every build context in apps/apps.tsv, with its context folder. */
export function appDockerfiles(): AppDockerfile[] {
  if (!hasCorpus) return [];
  const rows = readFileSync(join(APPS, 'apps.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  return rows.flatMap(([app, , , context, dockerfiles]) =>
    dockerfiles.split(';').map((d) => ({ app, file: join(APPS, app, d.replace(/\(stages=\d+\)$/, '')), context: join(APPS, app, context) })),
  );
}
