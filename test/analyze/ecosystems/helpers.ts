// Shared by the ecosystem tables (one file per ecosystem, named after its id): facts from a small Dockerfile,
// the first command of a shell line, and the dependency install of a stage.
import { expect } from 'vitest';
import type { Classified, CommandFacts, Ecosystem, Facts, RunFacts, SplitPlan } from '../../../src/analyze/contract.ts';
import { analyze } from '../../../src/analyze/index.ts';
import { NO_PROJECT, projectFromFiles } from '../../../src/analyze/project.ts';
import { parse } from '../../../src/model/parse.ts';
import { splitShell, type Command } from '../../../src/model/shell.ts';

/** A Dockerfile from its lines. */
export const dockerfile = (...lines: string[]): string => lines.join('\n') + '\n';

/** Facts of the final stage; `files` is the build context (none given: no context, as from stdin). */
export function factsOf(text: string, files?: Readonly<Record<string, string>>): Facts {
  return analyze(parse(text), files ? projectFromFiles(files) : NO_PROJECT);
}

/** The first command of a shell line, as a RUN would hold it. */
export function firstCommand(shell: string): Command {
  const [first] = splitShell(shell).commands;
  if (!first) throw new Error(`no command in ${JSON.stringify(shell)}`);
  return first;
}

/** What `eco` says about the first command of `shell`, run in `workdir` (the app folder too). */
export function classifyLine(eco: Ecosystem, shell: string, workdir: string | null = '/app'): Classified | null {
  return eco.classify(firstCommand(shell), { workdir, appDir: workdir });
}

/** The parts of a classification a table compares (the command itself left out). */
export function summary(c: Classified | null): Omit<Classified, 'command'> | null {
  if (!c) return null;
  const { command: _command, ...rest } = c;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Omit<Classified, 'command'>;
}

/** The first dependency install `eco` owns in the stage, with its RUN (fails the test when there is none). */
export function installOf(facts: Facts, eco: Ecosystem): { run: RunFacts; install: CommandFacts } {
  for (const run of facts.runs) {
    const install = run.commands.find((c) => c.role === 'dep-install' && c.owner === eco);
    if (install) return { run, install };
  }
  expect.fail(`no ${eco.id} dependency install in the stage`);
}

/** `eco.manifests` for its first install in the stage of `text`. */
export function manifestsOf(eco: Ecosystem, text: string, files?: Readonly<Record<string, string>>) {
  const facts = factsOf(text, files);
  const { run, install } = installOf(facts, eco);
  return eco.manifests(facts, run, install);
}

/**
 * The plan's handover with the app folder's share collapsed to the folder itself: the tables check what an
 * ecosystem hands over; which entries of the app folder go is handover.ts's (test/analyze/handover.test.ts).
 */
export function handoverOf(plan: SplitPlan, app: string): string[] {
  const all = [...plan.handover, ...(plan.handoverFiles ?? [])];
  const inApp = (p: string): boolean => p === app || p.startsWith(app + '/');
  const out = all.filter((p) => !inApp(p));
  return all.some(inApp) ? [...out, app] : out;
}
