// The user's container engine, reached through its own command-line client (docker or podman): the client
// already knows the user's socket, context, credentials and rootless setup, which an API client would have to
// rediscover. This module finds the client, checks that an engine answers, and decides how to build.
import { runProcess, type ProcOptions, type ProcResult } from './proc.ts';

export const ENGINES = ['docker', 'podman'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface Engine {
  readonly name: EngineName;
  /** The client executable as given (a name looked up on PATH, or --engine-path). */
  readonly client: string;
  readonly serverVersion: string;
  /** Builds go through BuildKit (docker), or through buildah, which knows RUN --mount too (podman). */
  readonly buildkit: boolean;
  /** Why BuildKit is off, when the user would expect it on. */
  readonly note: string | null;
  run(args: readonly string[], options?: ProcOptions): Promise<ProcResult>;
}

/** No engine to talk to: a usage-level problem (exit 2), with the message saying how to get one. */
export class EngineUnavailable extends Error {}

const ANSWER_MS = 30_000;

const START_HINT: Record<EngineName, string> = {
  docker:
    'Start it (Linux: `sudo systemctl start docker`, rootless: `systemctl --user start docker`; macOS/Windows: open Docker Desktop), ' +
    'check DOCKER_HOST / `docker context ls`, or use --engine podman',
  podman: 'Start it (`podman machine start` on macOS/Windows, `systemctl --user start podman.socket` for a remote client), or use --engine docker',
};

const INSTALL_HINT: Record<EngineName, string> = {
  docker: 'Install Docker (https://docs.docker.com/get-docker/) and start it, use --engine podman, or give the client with --engine-path',
  podman: 'Install Podman (https://podman.io/docs/installation), use --engine docker, or give the client with --engine-path',
};

const lastLine = (text: string): string => text.trim().split('\n').filter(Boolean).pop() ?? '';

/** "20.10.24+dfsg1" → [20, 10, 24]; missing parts are 0. */
export function versionParts(version: string): number[] {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

const atLeast = (version: string, major: number, minor: number): boolean => {
  const [a = 0, b = 0] = versionParts(version);
  return a > major || (a === major && b >= minor);
};

/** Checks that the engine answers; throws EngineUnavailable with what to do when it does not. */
export async function connect(name: EngineName, clientPath?: string, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
  const client = clientPath ?? name;
  const version = await runProcess(client, ['version', '--format', '{{json .}}'], { env, timeoutMs: ANSWER_MS });
  if (version.error?.code === 'ENOENT') throw new EngineUnavailable(`no container engine: \`${client}\` was not found${clientPath ? '' : ' on PATH'}. ${INSTALL_HINT[name]}.`);
  if (version.error) throw new EngineUnavailable(`cannot run \`${client}\`: ${version.error.message}. ${INSTALL_HINT[name]}.`);
  if (version.timedOut) throw new EngineUnavailable(`the ${name} engine did not answer within ${ANSWER_MS / 1000} s. ${START_HINT[name]}.`);
  let info: { Client?: { Version?: string }; Server?: { Version?: string } | null } = {};
  try {
    info = JSON.parse(version.stdout.trim() || '{}');
  } catch {
    info = {};
  }
  // docker prints the client half and exits 1 when no daemon answers; a local podman has no Server part at all.
  const serverMissing = name === 'docker' ? !info.Server : false;
  if (version.code !== 0 || serverMissing) {
    const why = lastLine(version.stderr) || `\`${client} version\` exited ${version.code}`;
    throw new EngineUnavailable(`the ${name} engine does not answer (${why}). ${START_HINT[name]}.`);
  }
  const clientVersion = info.Client?.Version ?? '';
  const serverVersion = info.Server?.Version ?? clientVersion;
  const { buildkit, note } = name === 'docker' ? await dockerBuildkit(client, clientVersion, serverVersion, env) : { buildkit: true, note: null };
  // The classic builder is chosen explicitly: a docker 23+ client would otherwise fail on a missing buildx.
  const buildEnv = name === 'docker' ? { ...env, DOCKER_BUILDKIT: buildkit ? '1' : '0' } : env;
  return {
    name,
    client,
    serverVersion,
    buildkit,
    note,
    run: (args, options = {}) => runProcess(client, args, { env: args[0] === 'build' ? buildEnv : env, ...options }),
  };
}

/**
 * BuildKit when the engine has it: a 20.10 client drives it itself with DOCKER_BUILDKIT=1; from 23 on the
 * client needs its buildx plugin for that, and without it only the classic builder works. DOCKER_BUILDKIT=0 in
 * the user's environment is their choice and is kept.
 */
async function dockerBuildkit(client: string, clientVersion: string, serverVersion: string, env: NodeJS.ProcessEnv): Promise<{ buildkit: boolean; note: string | null }> {
  if (env.DOCKER_BUILDKIT === '0') return { buildkit: false, note: 'DOCKER_BUILDKIT=0: the classic builder is used (RUN --mount needs BuildKit)' };
  if (!atLeast(serverVersion, 18, 9)) return { buildkit: false, note: `docker ${serverVersion} has no BuildKit: the classic builder is used (RUN --mount needs BuildKit)` };
  if (!atLeast(clientVersion, 23, 0)) return { buildkit: true, note: null };
  const buildx = await runProcess(client, ['buildx', 'version'], { env, timeoutMs: ANSWER_MS });
  if (buildx.code === 0) return { buildkit: true, note: null };
  return {
    buildkit: false,
    note: `the docker ${clientVersion} client has no buildx plugin, so builds use the classic builder (RUN --mount needs BuildKit): install docker-buildx, or give a client that has it with --engine-path`,
  };
}
