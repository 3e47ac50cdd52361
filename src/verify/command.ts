// `msd-convert verify`: the shell around verifyFile. Flags → files → engine → files verified N at a time →
// per-file lines, JSON, report → exit code; and the one promise that matters most on a shared machine:
// whatever happens (success, failure, timeout, Ctrl-C), the run's containers and images are removed.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import meow from 'meow';
import { kebab } from '../option-table.ts';
import { packageInfo } from '../package-info.ts';
import { discover, STDIN } from '../batch/discover.ts';
import { ConfigError, configFor } from '../config.ts';
import { describeFsError } from '../fs.ts';
import { palette, wantsColor } from '../report/colors.ts';
import type { Settings } from '../settings.ts';
import { connect, EngineUnavailable, type Engine } from './engine.ts';
import { checkVerifyFlags, VERIFY_FLAGS, VERIFY_HELP, VerifyUsageError, type VerifyFlags } from './flags.ts';
import { verifyMarkdown } from './markdown.ts';
import { stopAll } from './proc.ts';
import { verifyProgress } from './progress.ts';
import { passes, summarize, verifyCounters, verifyJson, verifyLine, type RunInfo, type VerifyReport } from './report.ts';
import { listLabelled, removeLabelled, runResources, stopLabelled } from './resources.ts';
import { verifyFile } from './verify-file.ts';

const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;

function fail(message: string): number {
  process.stderr.write(`msd-convert verify: ${message}\n`);
  return 2;
}

/** `argv` is what follows `verify` on the command line. Resolves to the exit code. */
export async function verifyMain(argv: readonly string[]): Promise<number> {
  // Everything after `--` is the containers' command, never paths or flags.
  const dashes = argv.indexOf('--');
  const words = dashes === -1 ? argv : argv.slice(0, dashes);
  const command = dashes === -1 ? undefined : argv.slice(dashes + 1);
  const parsed = parseVerifyFlags(words);
  if ('usage' in parsed) return fail(`${parsed.usage}\nRun msd-convert verify --help for usage.`);
  if (parsed.help) {
    process.stdout.write(`\n  ${packageInfo().description ?? ''}\n${VERIFY_HELP.replace(/\s+$/, '')}\n\n`);
    return 0;
  }
  return runVerify(parsed.input, parsed.flags, command);
}

const KNOWN = new Set<string>(['help', ...Object.keys(VERIFY_FLAGS)]);

/** The verify flags with meow (as the main command's), unknown ones reported as the word typed. */
export function parseVerifyFlags(words: readonly string[]): { input: string[]; flags: VerifyFlags; help: boolean } | { usage: string } {
  let cli;
  try {
    cli = meow({
      importMeta: import.meta,
      pkg: packageInfo() as Record<string, unknown>,
      argv: [...words],
      flags: { ...VERIFY_FLAGS, help: { type: 'boolean' } } as Record<string, { type: 'boolean' | 'string' }>,
      allowUnknownFlags: true,
      autoHelp: false,
      autoVersion: false,
      booleanDefault: undefined,
    });
  } catch (e) {
    return { usage: (e as Error).message };
  }
  const unknown = Object.keys(cli.unnormalizedFlags).find((k) => !KNOWN.has(k) && !/^\d+$/.test(k));
  if (unknown !== undefined) {
    const typed = words.find((w) => w.replace(/^--?(no-)?/, '').split('=')[0] === kebab(unknown)) ?? `--${kebab(unknown)}`;
    return { usage: `unknown flag ${typed.split('=')[0]}` };
  }
  return { input: cli.input, flags: cli.flags as unknown as VerifyFlags, help: cli.flags.help === true };
}

export async function runVerify(inputs: readonly string[], flags: VerifyFlags, command: readonly string[] | undefined): Promise<number> {
  const started = performance.now();
  let options;
  try {
    options = checkVerifyFlags(flags, command);
  } catch (e) {
    if (e instanceof VerifyUsageError) return fail(`${e.message}\nRun msd-convert verify --help for usage.`);
    throw e;
  }
  const paths = inputs.length ? inputs : ['Dockerfile'];
  if (paths.includes(STDIN) && (paths.length > 1 || flags.context === undefined)) return fail('"-" (standard input) needs --context DIR and no other path: the build needs a context');
  // As for the main command: include/exclude from the flags, else from the config of the first path's folder.
  let discovery: Settings = {};
  try {
    if (flags.config && paths[0] !== STDIN) discovery = configFor(statSync(paths[0]!, { throwIfNoEntry: false })?.isDirectory() ? paths[0]! : dirname(paths[0]!)).settings;
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    throw e;
  }
  const found = await discover(paths, {
    include: options.flagSettings.include ?? discovery.include ?? [],
    exclude: options.flagSettings.exclude ?? discovery.exclude ?? [],
    gitignore: flags.gitignore,
    ...(options.shard ? { shard: options.shard } : {}),
  });
  if (flags.context !== undefined && found.targets.length + found.problems.length !== 1) return fail('--context applies to a single Dockerfile');

  let engine: Engine;
  try {
    engine = await connect(options.engine, options.enginePath);
  } catch (e) {
    if (e instanceof EngineUnavailable) return fail(e.message);
    throw e;
  }
  const errColor = palette(wantsColor(process.stderr, process.env));
  if (engine.note && !flags.quiet) process.stderr.write(`${errColor.yellow('note')} ${engine.note}\n`);
  const stdinText = paths.includes(STDIN) ? await readStdin() : undefined;

  const resources = runResources();
  const tmp = mkdtempSync(join(tmpdir(), 'msd-verify-'));
  const progress = verifyProgress(process.stderr, !flags.quiet, found.targets.length);
  const engineText = `${engine.name} ${engine.serverVersion}${engine.name === 'docker' ? (engine.buildkit ? ' (BuildKit)' : ' (classic builder)') : ''}`;

  // Ctrl-C / SIGTERM: stop the engine commands in flight, wait for them, then remove by label; a second
  // signal gives up at once and says how to remove what is left.
  let interrupted = false;
  const onSignal = (signal: keyof typeof SIGNALS): void => {
    if (interrupted) {
      process.stderr.write(`\nmsd-convert verify: left behind: remove with \`${engine.client} rm -f $(${engine.client} ps -aq --filter label=${resources.label})\` and \`${engine.client} rmi -f $(${engine.client} images -q --filter label=${resources.label})\`\n`);
      process.exit(SIGNALS[signal]);
    }
    interrupted = true;
    progress.end();
    process.stderr.write(`\nmsd-convert verify: interrupted; ${flags.keep ? 'keeping' : 'removing'} this run's containers and images (label ${resources.label})\n`);
    void (async () => {
      await stopAll();
      if (flags.keep) await stopLabelled(engine, resources.label);
      else await removeLabelled(engine, resources.label);
      rmSync(tmp, { recursive: true, force: true });
      process.exit(SIGNALS[signal]);
    })();
  };
  const handlers = Object.keys(SIGNALS).map((s) => {
    const h = (): void => onSignal(s as keyof typeof SIGNALS);
    process.on(s, h);
    return [s, h] as const;
  });

  const reports: (VerifyReport | undefined)[] = new Array(found.targets.length);
  let printed = 0;
  // Lines come out in input order whatever the concurrency.
  const flush = (): void => {
    while (printed < reports.length && reports[printed]) {
      const r = reports[printed++]!;
      if (!flags.quiet || !passes(r.status)) progress.print(verifyLine(r, errColor));
    }
  };
  try {
    for (const p of found.problems) progress.print(`${errColor.red('error')} ${p.path}: ${p.reason}\n`);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < found.targets.length && !interrupted) {
        const i = next++;
        const target = found.targets[i]!;
        let report: VerifyReport;
        try {
          report = await verifyFile(target, i, {
            engine,
            resources,
            tmp,
            settings: options.settings,
            ...(stdinText !== undefined ? { stdinText } : {}),
            stage: (what) => progress.stage(target.shown, what),
          });
        } catch (e) {
          if (flags.debug) progress.print(`${(e as Error)?.stack ?? String(e)}\n`);
          const message = (e as NodeJS.ErrnoException)?.code ? describeFsError(e) : `internal error: ${(e as Error)?.message ?? String(e)}`;
          report = { path: target.shown, status: 'error', ecosystem: null, reason: message, original: null, converted: null, reduction: null, probe: null, diff: null, log: null };
        }
        progress.finish(target.shown);
        if (interrupted) return;
        reports[i] = report;
        flush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, found.targets.length)) }, worker));
  } finally {
    if (!interrupted) {
      progress.end();
      if (!flags.keep) {
        // Files clean up after themselves: this catches what they could not, and checks it went.
        const removed = await removeLabelled(engine, resources.label);
        const left = removed.containers.length || removed.images.length ? await listLabelled(engine, resources.label) : removed;
        if (left.containers.length || left.images.length)
          process.stderr.write(`${errColor.yellow('warning')} could not remove ${left.containers.length} container(s) and ${left.images.length} image(s) labelled ${resources.label}\n`);
      }
      rmSync(tmp, { recursive: true, force: true });
      for (const [s, h] of handlers) process.off(s, h);
    }
  }
  if (interrupted) return new Promise(() => {}); // the signal handler exits

  const files = reports.filter((r): r is VerifyReport => r !== undefined);
  const problems = found.problems.map(
    (p): VerifyReport => ({ path: p.path, status: 'error', ecosystem: null, reason: p.reason, original: null, converted: null, reduction: null, probe: null, diff: null, log: null }),
  );
  const all = [...problems, ...files];
  const seconds = (performance.now() - started) / 1000;
  const run: RunInfo = { engine: engineText, runId: resources.id, seconds: Math.round(seconds * 10) / 10 };
  if (flags.json) process.stdout.write(verifyJson(all, run));
  if (flags.report !== undefined) {
    try {
      writeFileSync(flags.report, /\.json$/i.test(flags.report) ? verifyJson(all, run) : verifyMarkdown(all, run));
    } catch (e) {
      process.stderr.write(`error ${flags.report}: cannot write the report: ${describeFsError(e)}\n`);
      return 1;
    }
  }
  if (flags.keep && all.some((r) => r.kept?.length || r.original?.image))
    process.stderr.write(`kept (label ${resources.label}): remove with \`${engine.client} rm -f $(${engine.client} ps -aq --filter label=${resources.label}); ${engine.client} rmi -f $(${engine.client} images -q --filter label=${resources.label})\`\n`);
  if (!flags.quiet) process.stderr.write(verifyCounters(summarize(all), seconds, errColor));
  return all.every((r) => passes(r.status)) ? 0 : 1;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
