// `--format sarif` / `--report FILE.sarif`: a SARIF 2.1.0 log for code-scanning dashboards. The transforms are
// the rules; every change a file would get is a result on the line it names; every file is an artifact with
// its status; a file that failed is an error notification of the run (it is a problem of the input, not a
// finding of a rule). Paths inside the working folder are relative to it (`%SRCROOT%`), others are file URIs.
import type { TransformMeta } from '../types.ts';
import type { FileReport } from './results.ts';

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  /** The tool's home page. */
  readonly informationUri?: string;
  /** The page that documents a transform. */
  readonly helpUri?: (id: string) => string;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

const SAFETY: Readonly<Record<TransformMeta['safety'], string>> = {
  safe: 'Safe: it cannot change how the image behaves at run time.',
  review: 'Review: it may change how the image behaves at run time; the message of each change says what to check.',
};

/**
 * An artifact location: a relative reference below the working folder, or a file URI for an absolute path;
 * with `index`, a result's reference to its entry in run.artifacts.
 */
function location(path: string, index?: number): Record<string, unknown> {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return { ...(path.startsWith('/') ? { uri: `file://${encoded}` } : { uri: encoded, uriBaseId: SRCROOT }), ...(index !== undefined ? { index } : {}) };
}

export function sarifLog(files: readonly FileReport[], rules: readonly TransformMeta[], tool: SarifTool): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  const artifacts = files.map((f, index) => {
    const where = (line: number | undefined) => ({ physicalLocation: { artifactLocation: location(f.path, index), ...(line !== undefined ? { region: { startLine: line } } : {}) } });
    const properties = { status: f.status, split: f.split, kinds: f.kinds, ecosystem: f.ecosystem, ...(f.reason !== null ? { reason: f.reason } : {}) };
    if (f.status === 'error') notifications.push({ level: 'error', message: { text: f.reason ?? 'failed' }, locations: [where(f.line)] });
    if (f.status === 'converted') {
      for (const c of f.changes) {
        const i = ruleIndex.get(c.transform);
        if (i === undefined) continue; // not a transform's change (the removal of earlier --explain comments)
        results.push({ ruleId: c.transform, ruleIndex: i, level: 'warning', message: { text: c.message }, locations: [where(c.line)], properties: { split: f.split, kinds: f.kinds } });
      }
    }
    return { location: location(f.path), properties };
  });
  const driver = {
    name: tool.name,
    version: tool.version,
    semanticVersion: tool.version,
    ...(tool.informationUri ? { informationUri: tool.informationUri } : {}),
    rules: rules.map((r) => ({
      id: r.id,
      shortDescription: { text: r.description },
      fullDescription: { text: `${r.description}. ${SAFETY[r.safety]}` },
      ...(tool.helpUri ? { helpUri: tool.helpUri(r.id) } : {}),
      defaultConfiguration: { level: 'warning' },
      properties: { safety: r.safety, kind: r.kind },
    })),
  };
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [{ executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
        artifacts,
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
