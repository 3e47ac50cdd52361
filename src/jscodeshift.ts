// The pipeline as a jscodeshift transform module, for teams that already drive codemods with jscodeshift:
//   npx jscodeshift --no-babel --extensions= -t node_modules/msd-convert/dist/src/jscodeshift.js <repo>
// `--extensions=` (empty) is the only way jscodeshift hands over a bare `Dockerfile`, and then it hands over
// every file, so this module picks the Dockerfiles itself with the batch discovery rules (names, skipped
// folders, .gitignore). jscodeshift's verdicts map onto ours: a converted file is returned (ok), an unchanged
// one returned as it was (unmodified), a skipped one is `undefined` with the reason reported (skipped), an
// error is thrown with file and line (error). Options come from jscodeshift's pass-through flags: the
// conversion flags of the command line (--user, --uid, --only, --no-cache-mounts, ...).
import { dirname, join, resolve } from 'node:path';
import { isDiscoverable } from './batch/discover.ts';
import { appendLinesSync, nodeProject } from './fs.ts';
import { convert, type ConvertOptions } from './convert.ts';
import { checkFlags, FLAG_KEYS, inScope, kebab, OPTIONS } from './option-table.ts';
import { fileReport } from './report/results.ts';

/** The parts of jscodeshift's contract this module uses (no @types/jscodeshift: it drags in recast's types). */
export interface FileInfo {
  readonly path: string;
  readonly source: string;
}

export interface Api {
  report(message: string): void;
}

export type JscodeshiftOptions = Readonly<Record<string, unknown>>;

/**
 * The conversion options of the table (options.ts) read from jscodeshift's pass-through flags: kebab-case as
 * typed (`--runtime-base=distroless`, `--no-cache-mounts`) or camelCase, checked like the command line's.
 */
function conversionOptions(o: JscodeshiftOptions): ConvertOptions {
  const keys = FLAG_KEYS.filter((k) => OPTIONS[k].scope === 'convert');
  const { values, errors } = checkFlags((key) => o[kebab(key)] ?? o[key], keys);
  if (errors.length) throw new Error(errors.join('; '));
  return inScope(values, 'convert');
}

export default function transformer(file: FileInfo, api: Api, options: JscodeshiftOptions = {}): string | undefined {
  if (!isDiscoverable(file.path)) return undefined;
  const context = dirname(resolve(file.path));
  const result = convert(file.source, { ...conversionOptions(options), project: nodeProject(context) });
  const report = fileReport(file.path, result);
  switch (result.status) {
    case 'converted':
      // jscodeshift writes the returned Dockerfile; the context files the change needs are written here (not in --dry runs).
      if (options.dry !== true) for (const c of result.companions) appendLinesSync(join(context, c.path), c.lines, c.header);
      return result.output;
    case 'unchanged':
      return file.source;
    case 'skipped':
      api.report(report.reason ?? 'skipped');
      return undefined;
    case 'error':
      throw new Error(`${report.line !== undefined ? `${file.path}:${report.line}` : file.path}: ${report.reason}`);
  }
}
