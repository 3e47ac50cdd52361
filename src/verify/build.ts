// Building one side. The Dockerfile is written to the run's own temporary folder and handed over with `-f`, so
// the build context is only ever read. The image gets the run's label and a tag naming file and side.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHint, lastLines, unfetchableImage, type Unfetchable } from './build-log.ts';
import type { Engine } from './engine.ts';

export interface BuildRequest {
  readonly text: string;
  /** Where to write the Dockerfile (outside the context), e.g. `<tmp>/3/original.Dockerfile`. */
  readonly dockerfile: string;
  /** The user's Dockerfile, for its own `<name>.dockerignore`, if it has one. */
  readonly source?: string;
  readonly context: string;
  readonly tag: string;
  readonly label: string;
  readonly timeoutMs: number;
  readonly cache?: boolean;
  /** `NAME=VALUE` build arguments. */
  readonly buildArgs?: readonly string[];
  /** `id=…,src=…` BuildKit secrets (`--secret`). */
  readonly secrets?: readonly string[];
  /** The ignore rules this build uses instead of the context's (the converted file's, with the lines it proposes). */
  readonly dockerignore?: string;
}

export type Built =
  | { readonly ok: true; readonly seconds: number; readonly size: number; readonly ports: readonly number[] }
  | { readonly ok: false; readonly seconds: number; readonly why: string; readonly log: string; readonly unfetchable: Unfetchable | null };

interface ImageInfo {
  Size?: number;
  Config?: { ExposedPorts?: Record<string, unknown> | null };
  ContainerConfig?: { ExposedPorts?: Record<string, unknown> | null };
}

export async function build(engine: Engine, req: BuildRequest): Promise<Built> {
  writeFileSync(req.dockerfile, req.text);
  // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile before the context's .dockerignore; a
  // Dockerfile that has its own must keep it when it is built from elsewhere.
  if (req.dockerignore !== undefined) writeFileSync(`${req.dockerfile}.dockerignore`, req.dockerignore);
  else if (req.source && existsSync(`${req.source}.dockerignore`)) copyFileSync(`${req.source}.dockerignore`, `${req.dockerfile}.dockerignore`);
  const args = ['build', ...(engine.name === 'docker' && engine.buildkit ? ['--progress=plain'] : []), '--force-rm', ...(req.cache === false ? ['--no-cache'] : []), ...(req.buildArgs ?? []).flatMap((a) => ['--build-arg', a]), ...(req.secrets ?? []).flatMap((a) => ['--secret', a]), '-f', req.dockerfile, '-t', req.tag, '--label', req.label, req.context];
  const r = await engine.run(args, { timeoutMs: req.timeoutMs });
  const log = `${r.stdout}${r.stderr}`;
  if (r.timedOut) return { ok: false, seconds: r.seconds, why: `timed out after ${Math.round(req.timeoutMs / 1000)} s`, log: lastLines(log), unfetchable: null };
  if (r.code !== 0) {
    const hint = buildHint(log);
    return { ok: false, seconds: r.seconds, why: hint ?? (r.error ? r.error.message : `exit code ${r.code}`), log: lastLines(log), unfetchable: unfetchableImage(log, req.text) };
  }
  const inspected = await engine.run(['image', 'inspect', req.tag], { timeoutMs: 60_000 });
  let info: ImageInfo = {};
  try {
    info = (JSON.parse(inspected.stdout) as ImageInfo[])[0] ?? {};
  } catch {
    info = {};
  }
  if (typeof info.Size !== 'number') return { ok: false, seconds: r.seconds, why: `built, but \`image inspect\` gave no size`, log: lastLines(inspected.stderr), unfetchable: null };
  return { ok: true, seconds: r.seconds, size: info.Size, ports: tcpPorts(info.Config?.ExposedPorts ?? info.ContainerConfig?.ExposedPorts) };
}

/** `{"8080/tcp": {}, "53/udp": {}}` → [8080], lowest first. */
export function tcpPorts(exposed: Record<string, unknown> | null | undefined): number[] {
  return Object.keys(exposed ?? {})
    .map((k) => /^(\d+)(?:\/tcp)?$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export const dockerfilePath = (dir: string, side: string): string => join(dir, `${side}.Dockerfile`);
