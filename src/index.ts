// The library API: convert a Dockerfile text (pure), with the transform registry wired in.
import { TRANSFORMS } from '../transforms/index.ts';
import { convertText, type ConvertResult, type PipelineOptions } from './pipeline/run.ts';
import type { Transform } from './types.ts';

export interface ConvertOptions extends PipelineOptions {
  /** Run only these transform ids. */
  readonly only?: readonly string[];
  /** Leave out these transform ids. */
  readonly skip?: readonly string[];
  /** BuildKit cache mounts for package-manager installs (default true; false for the legacy builder). */
  readonly cacheMounts?: boolean;
  /** `# syntax=docker/dockerfile:1` when BuildKit features are used (default true; false for air-gapped builders). */
  readonly syntax?: boolean;
}

/** The transform each on/off option switches. */
const SWITCHES = { cacheMounts: 'add-cache-mounts', syntax: 'add-syntax-directive' } as const;

export function selectTransforms(options: Pick<ConvertOptions, 'only' | 'skip' | keyof typeof SWITCHES> = {}): readonly Transform[] {
  const off = new Set<string>(options.skip ?? []);
  for (const [key, id] of Object.entries(SWITCHES)) if (options[key as keyof typeof SWITCHES] === false) off.add(id);
  return TRANSFORMS.filter((t) => (!options.only?.length || options.only.includes(t.meta.id)) && !off.has(t.meta.id));
}

/** Converts one Dockerfile. Never throws; see ConvertResult.status. */
export function convert(text: string, options: ConvertOptions = {}): ConvertResult {
  return convertText(text, selectTransforms(options), options);
}

export { TRANSFORMS } from '../transforms/index.ts';
export { projectFromFiles, NO_PROJECT, type Project } from './analyze/project.ts';
export { format, MESSAGES, type Message, type MessageId } from './messages.ts';
export type { Change, ConvertResult, Note, Status } from './pipeline/run.ts';
export type { Options, Transform, TransformMeta } from './types.ts';
export { migrate, type Entry, type MigrateOptions, type MigrateResult, type Progress } from './batch/migrate.ts';
export type { FileReport, Summary } from './report/results.ts';
