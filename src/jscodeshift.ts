// The pipeline as a jscodeshift transform module, for teams that already drive codemods with jscodeshift:
//   npx jscodeshift --no-babel --extensions= -t node_modules/msd-convert/dist/src/jscodeshift.js <repo>
// `--extensions=` (empty) is the only way jscodeshift hands over a bare `Dockerfile`, and then it hands over
// every file, so this module picks the Dockerfiles itself with the batch discovery rules (names, skipped
// folders, .gitignore). jscodeshift's verdicts map onto ours: a converted file is returned (ok), an unchanged
// one returned as it was (unmodified), a skipped one is `undefined` with the reason reported (skipped), an
// error is thrown with file and line (error). Options come from jscodeshift's pass-through flags:
// --user, --uid, --force-nonroot, --only, --skip, --runtime-base, --static-server.
import { dirname, join, resolve } from 'node:path';
import { isDiscoverable } from './batch/discover.ts';
import { appendLinesSync, nodeProject } from './fs.ts';
import { convert, type ConvertOptions } from './convert.ts';
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

const pick = (o: JscodeshiftOptions, kebab: string, camel: string): unknown => o[kebab] ?? o[camel];

const list = (v: unknown): string[] | undefined =>
  v === undefined || v === true ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);

function conversionOptions(o: JscodeshiftOptions): ConvertOptions {
  const uid = pick(o, 'uid', 'uid');
  if (uid !== undefined && !(Number.isInteger(Number(uid)) && Number(uid) > 0)) throw new Error(`--uid must be a positive whole number, got "${String(uid)}"`);
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return {
    user: text(pick(o, 'user', 'user')),
    uid: uid === undefined ? undefined : Number(uid),
    forceNonroot: pick(o, 'force-nonroot', 'forceNonroot') === true,
    only: list(pick(o, 'only', 'only')),
    skip: list(pick(o, 'skip', 'skip')),
    runtimeBase: text(pick(o, 'runtime-base', 'runtimeBase')) as ConvertOptions['runtimeBase'],
    staticServer: text(pick(o, 'static-server', 'staticServer')) as ConvertOptions['staticServer'],
  };
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
