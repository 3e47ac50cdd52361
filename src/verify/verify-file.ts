// One file from start to verdict: convert in memory, build the original, build the converted file, run both,
// compare. The order is chosen so that the cheapest honest answer comes first: an original that does not
// build or does not answer makes the file unverifiable before anything of the conversion is built or run.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { STDIN, type Target } from '../batch/discover.ts';
import { processFile } from '../batch/file.ts';
import type { ConvertOptions } from '../index.ts';
import { readDockerfile } from '../fs.ts';
import { build, dockerfilePath, type Built } from './build.ts';
import { compare } from './compare.ts';
import { secretsInImage } from './secrets.ts';
import type { Engine } from './engine.ts';
import { watchHttp, watchRun, type RunSettings, type Watched } from './observe.ts';
import { reduction, type Side as SideReport, type VerifyReport } from './report.ts';
import type { RunResources, Side } from './resources.ts';

export interface VerifySettings {
  readonly convert: Omit<ConvertOptions, 'project'>;
  /** Apply the config file found from each Dockerfile's folder (the flags win). */
  readonly config: boolean;
  /** Build context of a single Dockerfile (default: its folder). */
  readonly context?: string;
  /** Container port to probe (default: the lowest TCP port the image EXPOSEs). */
  readonly port?: number;
  readonly buildTimeoutMs: number;
  /** false: build without the engine's cache (--no-cache). */
  readonly cache: boolean;
  /** `NAME=VALUE` build arguments given to both builds (`--build-arg`). */
  readonly buildArgs?: readonly string[];
  /** BuildKit secrets given to both builds (`--secret id=…,src=…`): a conversion with `--secret-mounts` reads them. */
  readonly secrets?: readonly string[];
  readonly run: RunSettings;
}

export interface FileContext {
  readonly engine: Engine;
  readonly resources: RunResources;
  /** The run's temporary folder (the Dockerfiles are written below it). */
  readonly tmp: string;
  readonly settings: VerifySettings;
  /** Standard input's text, when a path is `-`. */
  readonly stdinText?: string;
  /** Progress: what this file is doing now. */
  readonly stage: (what: string) => void;
}

type Draft = { -readonly [K in keyof VerifyReport]: VerifyReport[K] };

function cannotFetch(b: Extract<Built, { ok: false }>): string | null {
  if (!b.unfetchable) return null;
  const { image, frontend } = b.unfetchable;
  return frontend
    ? `cannot fetch image ${image} (the \`# syntax=\` frontend): the engine cannot pull it; let it reach the registry, or convert with --no-syntax`
    : `cannot fetch image ${image}: the engine cannot pull it (no registry access, no login, or no such image)`;
}

export async function verifyFile(target: Target, index: number, ctx: FileContext): Promise<VerifyReport> {
  const { engine, resources, settings } = ctx;
  const r: Draft = { path: target.shown, status: 'error', ecosystem: null, reason: null, original: null, converted: null, reduction: null, probe: null, diff: null, log: null };
  ctx.stage('converting');
  const entry = await processFile({ ...target, index }, { convert: settings.convert, context: settings.context, output: true, config: settings.config }, async () => ctx.stdinText ?? '');
  r.ecosystem = entry.report.ecosystem;
  r.reason = entry.report.reason;
  if (entry.report.status !== 'converted') {
    r.status = entry.report.status === 'error' ? 'error' : entry.report.status;
    return r;
  }
  const originalText = target.file === STDIN ? (ctx.stdinText ?? '') : readDockerfile(target.file);
  const convertedText = entry.output!;
  const context = settings.context ?? dirname(target.file);
  const dir = join(ctx.tmp, String(index + 1));
  mkdirSync(dir, { recursive: true });
  const images: string[] = [];

  // The converted file is built with the .dockerignore lines the conversion proposes (the context is never written).
  const added = (entry.report.companions ?? []).filter((c) => c.path === '.dockerignore').flatMap((c) => c.added);
  const ownIgnore = [target.file === STDIN ? '' : `${target.file}.dockerignore`, join(context, '.dockerignore')].find((f) => f && existsSync(f));
  const convertedIgnore = added.length ? `${ownIgnore ? readFileSync(ownIgnore, 'utf8').replace(/\n?$/, '\n') : ''}${added.join('\n')}\n` : undefined;
  const buildSide = async (side: Side, text: string): Promise<Built> => {
    const tag = resources.image(index, target.shown, side);
    images.push(tag);
    ctx.stage(`building ${side}`);
    return build(engine, {
      text,
      dockerfile: dockerfilePath(dir, side),
      source: target.file === STDIN ? undefined : target.file,
      context,
      tag,
      label: resources.label,
      timeoutMs: settings.buildTimeoutMs,
      cache: settings.cache,
      buildArgs: settings.buildArgs ?? [],
      secrets: settings.secrets ?? [],
      ...(side === 'converted' && convertedIgnore !== undefined ? { dockerignore: convertedIgnore } : {}),
    });
  };
  const side = (s: Side, b: Built | undefined, user: string | null = null): SideReport => ({
    image: resources.image(index, target.shown, s),
    buildSeconds: b ? Math.round(b.seconds * 10) / 10 : null,
    size: b?.ok ? b.size : null,
    user,
  });

  try {
    const orig = await buildSide('original', originalText);
    r.original = side('original', orig);
    if (!orig.ok) {
      r.status = 'unverifiable';
      r.reason = cannotFetch(orig) ?? `the original does not build (${orig.why})`;
      r.log = orig.log;
      return r;
    }
    const conv = await buildSide('converted', convertedText);
    r.converted = side('converted', conv);
    if (!conv.ok) {
      const fetch = cannotFetch(conv);
      r.status = fetch ? 'unverifiable' : 'failed';
      r.reason = fetch ?? `the converted Dockerfile does not build (${conv.why})`;
      r.log = conv.log;
      return r;
    }
    r.reduction = reduction(orig.size, conv.size);
    // What the conversion says it keeps out of the runtime must really be absent from the converted image.
    const present = await stillThere(engine, resources.image(index, target.shown, 'converted'), resources.label, entry.report.keptOut ?? []);
    if (present.length) {
      r.status = 'failed';
      r.reason = `the converted image still has ${present.join(', ')}, which the conversion says it keeps out`;
      return r;
    }

    // The secrets both builds were given must be in no layer of the converted image (`--secret-mounts`).
    if (settings.secrets?.length) {
      const leaked = await secretsInImage(engine, resources.image(index, target.shown, 'converted'), settings.secrets);
      if (leaked === null || leaked.length) {
        r.status = 'failed';
        r.reason = leaked === null ? 'the converted image could not be saved to search its layers for the secrets' : `a layer of the converted image holds the secret ${leaked.join(', ')}`;
        return r;
      }
    }

    const port = settings.port ?? orig.ports[0];
    const watch = async (s: Side, b: Extract<Built, { ok: true }>): Promise<Watched> => {
      ctx.stage(`running ${s}`);
      const t = { image: resources.image(index, target.shown, s), name: resources.container(index, target.shown, s), label: resources.label };
      // Each image is probed on its own port: a conversion may move the app (nginx-unprivileged listens on 8080).
      return port === undefined ? watchRun(engine, t, settings.run) : watchHttp(engine, t, settings.port ?? b.ports[0] ?? port, settings.run);
    };
    r.probe = port === undefined ? { kind: 'run', command: settings.run.command ?? null } : { kind: 'http', port, paths: settings.run.probes.length ? settings.run.probes : ['/'] };
    const before = await watch('original', orig);
    r.original = side('original', orig, before.user);
    if (settings.run.keep) r.kept = [...before.containers];
    if (before.observation.kind === 'none') {
      r.status = 'unverifiable';
      r.reason = `the original ${before.observation.why}`;
      r.log = before.logs || null;
      return r;
    }
    const after = await watch('converted', conv);
    r.converted = side('converted', conv, after.user);
    if (settings.run.keep) r.kept = [...(r.kept ?? []), ...after.containers];
    const c = compare(before.observation, after.observation);
    r.status = c.same ? 'same' : 'different';
    r.reason = c.same ? null : c.summary;
    r.diff = c.same ? null : c.diff;
    r.log = c.same ? null : after.logs || null;
    return r;
  } finally {
    if (!settings.run.keep && images.length) {
      ctx.stage('cleaning up');
      await engine.run(['rmi', '-f', ...images], { cleanup: true, timeoutMs: 120_000 });
    }
  }
}

/** The paths of `paths` that exist in `image` (asked of a created, never started, container: no shell needed). */
async function stillThere(engine: Engine, image: string, label: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const created = await engine.run(['create', '--label', label, image]);
  const id = created.stdout.trim();
  if (created.code !== 0 || !id) return [];
  try {
    const out: string[] = [];
    for (const p of paths) if ((await engine.run(['cp', `${id}:${p}`, '-'], { encoding: 'latin1', timeoutMs: 120_000 })).code === 0) out.push(p);
    return out;
  } finally {
    await engine.run(['rm', '-f', id], { cleanup: true, timeoutMs: 60_000 });
  }
}
