// Running one image and watching what it does. An image with a port runs detached, published on 127.0.0.1
// only (an ephemeral host port, so runs never collide), and is asked each probe path once it answers; an
// image without one runs to completion. Either way the user it runs as is asked of the container, and the
// container is removed before returning (stopped and kept with --keep).
import type { Observation } from './compare.ts';
import type { Engine } from './engine.ts';
import { get, waitForAnswer, type Answer } from './http.ts';
import { firstTarFile, parseId, userFromPasswd } from './identity.ts';
import { lastLines } from './build-log.ts';

export interface RunSettings {
  /** Probe paths for an image with a port (default ['/']). */
  readonly probes: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  /** `K=V` pairs, passed as `--env`. */
  readonly env: readonly string[];
  /** Extra `docker run` arguments, as given. */
  readonly runArgs: readonly string[];
  /** Arguments after `--`: they replace CMD (undefined: the image's own CMD). */
  readonly command?: readonly string[];
  /** How long to wait for an answer, or for a run to finish. */
  readonly timeoutMs: number;
  readonly keep: boolean;
}

export interface Watched {
  readonly observation: Observation;
  readonly user: string | null;
  /** The container's last output lines (what it said when it failed). */
  readonly logs: string;
  readonly containers: readonly string[];
}

interface Target {
  readonly image: string;
  /** Container name; helpers append `-id` for their one-off container. */
  readonly name: string;
  readonly label: string;
}

const ENGINE_MS = 60_000;

/** The first line of a failed engine command, for messages. */
const why = (stderr: string, fallback: string): string => stderr.trim().split('\n').filter(Boolean).at(-1) ?? fallback;

function runFlags(t: Target, s: RunSettings): string[] {
  return ['--name', t.name, '--label', t.label, ...s.env.flatMap((e) => ['--env', e]), ...s.runArgs];
}

async function logsOf(engine: Engine, name: string): Promise<string> {
  const r = await engine.run(['logs', '--tail', '40', name], { timeoutMs: ENGINE_MS });
  return lastLines(`${r.stdout}${r.stderr}`, 15);
}

async function state(engine: Engine, name: string): Promise<{ running: boolean; exitCode: number | null; user: string }> {
  const r = await engine.run(['container', 'inspect', name], { timeoutMs: ENGINE_MS });
  try {
    const [c] = JSON.parse(r.stdout) as [{ State?: { Running?: boolean; ExitCode?: number }; Config?: { User?: string } }];
    return { running: c.State?.Running === true, exitCode: c.State?.ExitCode ?? null, user: c.Config?.User ?? '' };
  } catch {
    return { running: false, exitCode: null, user: '' };
  }
}

/** The user a container runs as: `id` inside it, else its configured user looked up in its /etc/passwd. */
async function userOf(engine: Engine, container: string, oneOff?: { image: string; name: string; label: string }): Promise<string | null> {
  // A running container is asked directly; an exited one (a command-line image) through a one-off `id` run,
  // whose entrypoint override also drops the image's CMD.
  const asked = oneOff
    ? await engine.run(['run', '--rm', '--name', oneOff.name, '--label', oneOff.label, '--entrypoint', 'id', oneOff.image], { timeoutMs: ENGINE_MS })
    : await engine.run(['exec', container, 'id'], { timeoutMs: ENGINE_MS });
  const fromId = asked.code === 0 ? parseId(asked.stdout) : null;
  if (fromId) return fromId;
  const configured = (await state(engine, container)).user;
  const tar = await engine.run(['cp', `${container}:/etc/passwd`, '-'], { timeoutMs: ENGINE_MS, encoding: 'latin1' });
  return userFromPasswd(configured, tar.code === 0 ? firstTarFile(tar.stdout) : undefined);
}

async function remove(engine: Engine, names: readonly string[], keep: boolean): Promise<void> {
  if (!names.length) return;
  // Kept containers are stopped: nothing of this run keeps listening after it ends.
  if (keep) await engine.run(['stop', '-t', '5', ...names], { timeoutMs: ENGINE_MS });
  else await engine.run(['rm', '-f', ...names], { timeoutMs: ENGINE_MS, cleanup: true });
}

/** The host port the engine published the container's `port` on, on 127.0.0.1. */
async function publishedPort(engine: Engine, name: string, port: number): Promise<number | null> {
  const r = await engine.run(['port', name, `${port}/tcp`], { timeoutMs: ENGINE_MS });
  const m = /^127\.0\.0\.1:(\d+)\s*$/m.exec(r.stdout);
  return m ? Number(m[1]) : null;
}

export async function watchHttp(engine: Engine, t: Target, port: number, s: RunSettings): Promise<Watched> {
  const containers = [t.name];
  const done = async (observation: Observation, user: string | null, logs: string): Promise<Watched> => {
    await remove(engine, containers, s.keep);
    return { observation, user, logs, containers };
  };
  const started = await engine.run(['run', '--detach', ...runFlags(t, s), '--publish', `127.0.0.1::${port}`, t.image, ...(s.command ?? [])], { timeoutMs: ENGINE_MS });
  if (started.code !== 0) return done({ kind: 'none', why: `could not start (${why(started.stderr, `exit ${started.code}`)})` }, null, '');
  const hostPort = await publishedPort(engine, t.name, port);
  if (hostPort === null) return done({ kind: 'none', why: `has no published port for ${port}/tcp` }, null, await logsOf(engine, t.name));
  const deadline = performance.now() + s.timeoutMs;
  const first = s.probes[0] ?? '/';
  const wait = await waitForAnswer(hostPort, first, s.headers, deadline, async () => (await state(engine, t.name)).running);
  if (!wait.answered) {
    const st = await state(engine, t.name);
    const logs = await logsOf(engine, t.name);
    const what = wait.why === 'stopped' || !st.running ? `exited at once (exit code ${st.exitCode ?? '?'})` : `did not answer on port ${port} within ${Math.round(s.timeoutMs / 1000)} s`;
    return done({ kind: 'none', why: what }, null, logs);
  }
  const answers: (Answer | { path: string; error: string })[] = [];
  for (const path of s.probes.length ? s.probes : ['/']) {
    try {
      answers.push(await get(hostPort, path, s.headers, 10_000));
    } catch (e) {
      answers.push({ path, error: (e as Error).message });
    }
  }
  const user = await userOf(engine, t.name);
  return done({ kind: 'http', port, answers }, user, await logsOf(engine, t.name));
}

export async function watchRun(engine: Engine, t: Target, s: RunSettings): Promise<Watched> {
  // The one-off `id` container removes itself (--rm); its label lets the final sweep catch it if it hangs.
  const idName = `${t.name}-id`;
  const containers = [t.name];
  const done = async (observation: Observation, user: string | null, logs: string): Promise<Watched> => {
    await remove(engine, containers, s.keep);
    return { observation, user, logs, containers };
  };
  const r = await engine.run(['run', ...runFlags(t, s), t.image, ...(s.command ?? [])], { timeoutMs: s.timeoutMs });
  if (r.timedOut) return done({ kind: 'none', why: `did not finish within ${Math.round(s.timeoutMs / 1000)} s` }, null, lastLines(r.stderr, 15));
  // 125: the engine could not create or start the container; 126/127: its command cannot be run.
  if (r.code === 125 || r.code === null) return done({ kind: 'none', why: `could not start (${why(r.stderr, `exit ${r.code}`)})` }, null, lastLines(r.stderr, 15));
  const user = await userOf(engine, t.name, { image: t.image, name: idName, label: t.label });
  return done({ kind: 'run', exitCode: r.code, stdout: r.stdout }, user, lastLines(r.stderr, 15));
}
