// The flags of `msd-convert verify`, as one plain table in the shape meow takes (type, shortFlag, default,
// isMultiple), and their checks. Booleans that are conversion settings have no default on purpose: undefined
// means "not on the command line", so a config file can decide (with meow: `booleanDefault: undefined`).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseShard, type Shard } from '../batch/shard.ts';
import { checkSettings, KEYS, SETTINGS, type Settings } from '../settings.ts';
import { ENGINES, type EngineName } from './engine.ts';
import type { RunSettings } from './observe.ts';
import type { VerifySettings } from './verify-file.ts';

export const VERIFY_FLAGS = {
  context: { type: 'string' },
  engine: { type: 'string', default: 'docker' },
  enginePath: { type: 'string' },
  probe: { type: 'string', isMultiple: true, default: [] as string[] },
  probeHeader: { type: 'string', isMultiple: true, default: [] as string[] },
  port: { type: 'string' },
  env: { type: 'string', isMultiple: true, default: [] as string[] },
  runArg: { type: 'string', isMultiple: true, default: [] as string[] },
  buildArg: { type: 'string', isMultiple: true, default: [] as string[] },
  secret: { type: 'string', isMultiple: true, default: [] as string[] },
  timeout: { type: 'string' },
  buildTimeout: { type: 'string' },
  cache: { type: 'boolean', default: true },
  keep: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  report: { type: 'string' },
  concurrency: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  // Conversion settings, as for the default command (config files apply under them).
  only: { type: 'string', isMultiple: true, default: [] as string[] },
  skip: { type: 'string', isMultiple: true, default: [] as string[] },
  user: { type: 'string' },
  uid: { type: 'string' },
  forceNonroot: { type: 'boolean' },
  runtimeBase: { type: 'string' },
  staticServer: { type: 'string' },
  cacheMounts: { type: 'boolean' },
  syntax: { type: 'boolean' },
  dockerignore: { type: 'boolean' },
  testStage: { type: 'boolean' },
  debugStage: { type: 'boolean' },
  crossPlatform: { type: 'boolean' },
  secretMounts: { type: 'boolean' },
  config: { type: 'boolean', default: true },
  // Discovery, as for the default command.
  include: { type: 'string', isMultiple: true, default: [] as string[] },
  exclude: { type: 'string', isMultiple: true, default: [] as string[] },
  gitignore: { type: 'boolean', default: true },
  shard: { type: 'string' },
} as const;

/** The parsed flags (booleans without a default may be undefined at run time, see above). */
export interface VerifyFlags {
  readonly context?: string;
  readonly engine: string;
  readonly enginePath?: string;
  readonly probe: readonly string[];
  readonly probeHeader: readonly string[];
  readonly port?: string;
  readonly env: readonly string[];
  readonly runArg: readonly string[];
  readonly buildArg: readonly string[];
  readonly secret: readonly string[];
  readonly timeout?: string;
  readonly buildTimeout?: string;
  readonly cache: boolean;
  readonly keep: boolean;
  readonly json: boolean;
  readonly report?: string;
  readonly concurrency?: string;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly only: readonly string[];
  readonly skip: readonly string[];
  readonly user?: string;
  readonly uid?: string;
  readonly forceNonroot?: boolean;
  readonly runtimeBase?: string;
  readonly staticServer?: string;
  readonly cacheMounts?: boolean;
  readonly syntax?: boolean;
  readonly testStage?: boolean;
  readonly debugStage?: boolean;
  readonly crossPlatform?: boolean;
  readonly secretMounts?: boolean;
  readonly config: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly gitignore: boolean;
  readonly shard?: string;
}

export const VERIFY_HELP = `
  Usage
    $ msd-convert verify [options] [paths...] [-- ARGS]

  Converts each Dockerfile in memory, builds the original and the converted one with your container engine,
  runs both and compares what they do. Nothing is written to the build context.
  An image that EXPOSEs a port runs detached, published on 127.0.0.1 only, and each probe path is requested
  on both (status, content type and body must match). An image without a port runs to completion (exit code
  and stdout must match); ARGS after -- replace its CMD.

  Behaviour
    --probe PATH           HTTP path to request (repeatable; default /)
    --probe-header 'N: V'  Header sent with each probe (repeatable)
    --port N               Container port to probe (default: the lowest EXPOSEd TCP port)
    --env K=V              Environment of both containers (repeatable)
    --run-arg=ARG          One more argument for the engine's run (repeatable; e.g. --run-arg=--tmpfs=/tmp)
    --build-arg NAME=VALUE A build argument for both builds (repeatable; as docker build --build-arg)
    --secret id=ID,src=F   A BuildKit secret for both builds (repeatable; as docker build --secret; env=VAR too)
    --timeout S            Seconds to wait for an answer, or for a run to finish (default 60)
    --build-timeout S      Seconds a build may take (default 1200)
    --no-cache             Build both images without the engine's build cache
    --context DIR          Build context of a single Dockerfile (default: its folder)

  Engine
    --engine NAME          docker (default) or podman
    --engine-path FILE     The engine's client to run (default: NAME on PATH)
    --keep                 Keep the images and (stopped) containers, named, for inspection
    --concurrency N        Files verified at a time (default 1: builds run one at a time)

  Output
    --json                 Print a JSON report on stdout
    --report FILE          Also write a Markdown (.md) or JSON (.json) report
    --quiet                No per-file lines on stderr (problems are still printed)

  Conversion and discovery: as for msd-convert (--only, --skip, --user, --uid, --force-nonroot,
  --runtime-base, --static-server, --no-cache-mounts, --no-syntax, --test-stage, --debug-stage, --cross-platform,
  --secret-mounts, --no-config, --include, --exclude, --no-gitignore, --shard). The default target is built: the
  runtime image.

  Exit codes
    0  every file behaves the same (or is left unchanged or skipped by the converter)
    1  a file behaves differently, its conversion does not build, it could not be verified, or failed
    2  usage error, or no container engine answers
`;

export class VerifyUsageError extends Error {}

const seconds = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback * 1000;
  if (!/^\d+(?:\.\d+)?$/.test(value) || Number(value) <= 0) throw new VerifyUsageError(`${name} must be a number of seconds above 0, got "${value}"`);
  return Number(value) * 1000;
};

/**
 * Run arguments that would publish a port beyond 127.0.0.1 or share the host's network are refused: the
 * promise that nothing listens beyond the loopback address must hold whatever is passed through.
 */
export function refusedRunArg(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^(?:-p|--publish|-P|--publish-all)(?:=|$)/.test(a) || /^-p\S/.test(a) || /^-[a-zA-Z]*P[a-zA-Z]*$/.test(a)) return `${a}: verify publishes the probed port itself, on 127.0.0.1 only`;
    const net = /^--net(?:work)?(?:=(.*))?$/.exec(a);
    const value = net ? (net[1] ?? args[i + 1]) : undefined;
    if (value !== undefined && /^host$/i.test(value)) return `${a}${net![1] === undefined ? ` ${value}` : ''}: the host network would expose the app beyond 127.0.0.1`;
  }
  return null;
}

export interface ParsedVerify {
  readonly shard?: Shard;
  readonly engine: EngineName;
  readonly enginePath?: string;
  readonly concurrency: number;
  readonly settings: VerifySettings;
  readonly flagSettings: Settings;
}

/** Checks the flags; a bad value is a VerifyUsageError whose message is for the user. */
export function checkVerifyFlags(f: VerifyFlags, command: readonly string[] | undefined): ParsedVerify {
  if (!(ENGINES as readonly string[]).includes(f.engine)) throw new VerifyUsageError(`--engine must be one of ${ENGINES.join(', ')}, got "${f.engine}"`);
  if (f.context !== undefined && !statSync(f.context, { throwIfNoEntry: false })?.isDirectory()) throw new VerifyUsageError(`--context folder "${f.context}" does not exist`);
  if (f.report !== undefined && !/\.(md|json)$/i.test(f.report)) throw new VerifyUsageError('--report needs a file ending in .md or .json');
  for (const p of f.probe) if (!p.startsWith('/')) throw new VerifyUsageError(`--probe takes a path starting with /, got "${p}"`);
  const headers: Record<string, string> = {};
  for (const h of f.probeHeader) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(h);
    if (!m) throw new VerifyUsageError(`--probe-header takes "Name: value", got "${h}"`);
    headers[m[1]!] = m[2]!;
  }
  for (const e of f.env) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(e)) throw new VerifyUsageError(`--env takes K=V, got "${e}"`);
  for (const a of f.buildArg) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) throw new VerifyUsageError(`--build-arg takes NAME=VALUE, got "${a}"`);
  for (const a of f.secret) if (!/^id=[^,]+(,(src|source|env|type)=[^,]+)*$/.test(a)) throw new VerifyUsageError(`--secret takes id=ID,src=FILE or id=ID,env=VAR, got "${a}"`);
  const refused = refusedRunArg(f.runArg);
  if (refused) throw new VerifyUsageError(`--run-arg ${refused}`);
  let port: number | undefined;
  if (f.port !== undefined) {
    port = Number(f.port);
    if (!/^\d+$/.test(f.port) || port < 1 || port > 65535) throw new VerifyUsageError(`--port must be a port number from 1 to 65535, got "${f.port}"`);
  }
  const shard = f.shard === undefined ? undefined : parseShard(f.shard);
  if (f.shard !== undefined && !shard) throw new VerifyUsageError(`--shard must be I/N with 1 ≤ I ≤ N (e.g. 2/4), got "${f.shard}"`);
  let concurrency = 1;
  if (f.concurrency !== undefined) {
    concurrency = Number(f.concurrency);
    if (!/^\d+$/.test(f.concurrency) || concurrency < 1 || concurrency > 64) throw new VerifyUsageError(`--concurrency must be a whole number from 1 to 64, got "${f.concurrency}"`);
  }
  // The conversion settings are the flags named like the settings' keys; a list flag not given is empty.
  const given = Object.fromEntries(
    KEYS.map((key) => {
      const value = (f as unknown as Record<string, unknown>)[key];
      return [key, Array.isArray(value) && value.length === 0 ? undefined : value];
    }),
  );
  const { settings: flagSettings, errors } = checkSettings(given, (key) => SETTINGS[key as keyof typeof SETTINGS]?.flag ?? key);
  if (errors.length) throw new VerifyUsageError(errors[0]!);
  const { include: _include, exclude: _exclude, ...convert } = flagSettings;
  const run: RunSettings = {
    probes: f.probe.length ? [...f.probe] : ['/'],
    headers,
    env: [...f.env],
    runArgs: [...f.runArg],
    ...(command ? { command: [...command] } : {}),
    timeoutMs: seconds('--timeout', f.timeout, 60),
    keep: f.keep,
  };
  return {
    engine: f.engine as EngineName,
    ...(f.enginePath !== undefined ? { enginePath: f.enginePath } : {}),
    concurrency,
    ...(shard ? { shard } : {}),
    flagSettings,
    settings: {
      convert,
      config: f.config,
      ...(f.context !== undefined ? { context: resolve(f.context) } : {}),
      ...(port !== undefined ? { port } : {}),
      buildTimeoutMs: seconds('--build-timeout', f.buildTimeout, 1200),
      cache: f.cache,
      buildArgs: [...f.buildArg],
      secrets: [...f.secret],
      run,
    },
  };
}
