// The core's one entry point: convert a Dockerfile text with the registered transforms. Pure: it imports
// nothing that reads files, spawns workers or looks at the process (batch, config and the CLI sit on top).
import { TRANSFORMS } from '../transforms/index.ts';
import { convertText, type ConvertResult, type PipelineOptions } from './pipeline/run.ts';
import type { Transform } from './types.ts';

export interface ConvertOptions extends PipelineOptions {
  /** Run only these transform ids (and on files that are already multi-stage too). */
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
type OptInOption = NonNullable<Transform['meta']['optIn']>['option'];

export function selectTransforms(options: Pick<ConvertOptions, 'only' | 'skip' | keyof typeof SWITCHES | OptInOption> = {}): readonly Transform[] {
  const off = new Set<string>(options.skip ?? []);
  for (const [key, id] of Object.entries(SWITCHES)) if (options[key as keyof typeof SWITCHES] === false) off.add(id);
  // An opt-in transform that is off runs only when it has a suggestion to make.
  for (const t of TRANSFORMS) if (t.meta.optIn && !t.meta.optIn.suggests && options[t.meta.optIn.option] !== true) off.add(t.meta.id);
  return TRANSFORMS.filter((t) => (!options.only?.length || options.only.includes(t.meta.id)) && !off.has(t.meta.id));
}

/** Converts one Dockerfile. Never throws; see ConvertResult.status. */
export function convert(text: string, options: ConvertOptions = {}): ConvertResult {
  // Transforms named by the caller also run on files that are already multi-stage (DESIGN.md §3).
  return convertText(text, selectTransforms(options), { ...options, multiStage: options.multiStage ?? Boolean(options.only?.length) });
}
