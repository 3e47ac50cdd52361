// Where a build's tests run, and how they move to a `test` stage of their own (`--test-stage`). The ecosystems
// classify test commands (role `test`); this module finds the stage that runs them, the RUN text that stays,
// and what the test stage needs to run them as the original did: the same folder and user, and the dev
// dependencies back when a later step pruned them.
import type { Range, Model, Stage } from '../model/model.ts';
import { finalStage, lastStage } from '../model/model.ts';
import { resolvePath } from '../model/paths.ts';
import type { Command } from '../model/shell.ts';
import type { CommandFacts, Facts, Outcome, RunFacts } from './contract.ts';

/** One RUN's share of the tests. */
export interface TestMove {
  readonly run: RunFacts;
  /** The whole RUN moves, with its comments (every command of it tests or changes nothing). */
  readonly whole: boolean;
  /** File ranges cut out of the RUN that stays (empty for a whole move). */
  readonly cuts: readonly Range[];
  /** Arguments added to builds that would run the tests themselves (`mvn package` + ` -DskipTests`). */
  readonly inserts: readonly { readonly at: number; readonly text: string }[];
  /** The test stage's RUN for a partial move: the test commands as the user wrote them, joined by `&&`. */
  readonly line: string | null;
  /** Folder and user the tests ran in. */
  readonly workdir: string | null;
  readonly user: string | null;
  /** The test commands, as written (for messages). */
  readonly commands: readonly string[];
}

export interface TestPlan {
  /** The stage whose build runs the tests: the test stage starts from it. */
  readonly from: Stage;
  /**
   * The stage the test stage is inserted before (never the last one: the default target stays), or null when the
   * tests run in the final stage of a file that was not split: the test stage then follows it, and the file ends
   * with `FROM <final stage>` so that the default target stays the image without the tests.
   */
  readonly before: Stage | null;
  /** Folder and user in force at the end of `from` (what the test stage starts with). */
  readonly workdir: string | null;
  readonly user: string | null;
  readonly moves: readonly TestMove[];
  /** Installs the test stage runs again, because a later step pruned the dev dependencies (with their RUN line and folder). */
  readonly reinstall: readonly { readonly line: string; readonly at: number; readonly workdir: string | null }[];
  /** The line of that prune. */
  readonly prunedAt: number | null;
}

export const TEST_STAGE = 'test';

/** Joiners the tests may be cut out of: only `&&` keeps every other command's fate as it was. */
const CUTTABLE = new Set(['&&', '']);

/** Where the test commands of the build are and how they move; `nothing` when there are none. */
export function testPlan(model: Model, factsOf: (s: Stage) => Facts): Outcome<TestPlan> {
  if (model.stages.some((s) => s.name?.toLowerCase() === TEST_STAGE)) return { skip: 'the file already has a `test` stage', nothing: true };
  const final = finalStage(model);
  const last = lastStage(model);
  const earlier = model.stages.filter((s) => s.index < final.index && factsOf(s).runs.some(hasTests));
  // Tests in the final stage of a file that was not split move too: the test stage starts from that stage.
  const withTests = earlier.length === 0 && factsOf(final).runs.some(hasTests) ? [final] : earlier;
  if (withTests.length === 0) return { skip: 'no test command in the build', nothing: true };
  if (withTests.length > 1) return { skip: `tests run in several stages (${withTests.map((s) => s.name ?? String(s.index)).join(', ')})` };
  if (earlier.length && factsOf(final).runs.some(hasTests)) return { skip: 'tests run in the final stage and in an earlier one' };
  const from = withTests[0];
  if (!from.name && from !== final) return { skip: `the stage at line ${from.from.line} that runs the tests has no name to start a test stage from` };
  const facts = factsOf(from);
  const moves: TestMove[] = [];
  for (const run of facts.runs.filter(hasTests)) {
    const move = moveOf(run, facts);
    if ('skip' in move) return move;
    moves.push(move);
  }
  const reinstall = reinstallOf(facts, moves);
  return {
    from,
    before: from === final ? (last !== final ? last : null) : model.stages[from.index + 1],
    workdir: facts.workdir,
    user: facts.user,
    moves,
    reinstall: reinstall.lines,
    prunedAt: reinstall.prunedAt,
  };
}

/** A test command, or a build that runs the tests itself. */
const isTest = (c: CommandFacts): boolean => c.role === 'test' || c.skipTests !== undefined;
const hasTests = (r: RunFacts): boolean => r.commands.some(isTest);

/** How one RUN gives up its tests. */
function moveOf(run: RunFacts, facts: Facts): Outcome<TestMove> {
  const { ins } = run;
  const tests = run.commands.filter(isTest);
  const names = tests.map((c) => [c.command.name, ...c.command.args].join(' '));
  const user = facts.userAt.get(ins) ?? null;
  const whole = run.commands.every((c) => c.role === 'test' || c.role === 'neutral');
  if (whole) return { run, whole: true, cuts: [], inserts: [], line: null, workdir: run.workdir, user, commands: names };
  if (ins.json || ins.heredoc || !ins.argsRange) return { skip: `the RUN at line ${ins.line} mixes tests with other commands in exec or heredoc form` };
  if (run.script.opaque || run.script.compound) return { skip: `the RUN at line ${ins.line} runs its tests inside shell this tool does not take apart` };
  const cmds = run.commands;
  const src = ins.args;
  const base = ins.argsRange[0];
  const starts = cmds.map((c, k) => textStart(src, cmds, k));
  const ends = cmds.map((c) => trimEnd(src, c.command.end));
  const cuts: Range[] = [];
  const inserts: { at: number; text: string }[] = [];
  const lines: string[] = [];
  let wd = run.workdir;
  let dir: string | null | undefined;
  for (let k = 0; k < cmds.length; k++) {
    const c = cmds[k];
    if (c.command.base === 'cd' && c.role !== 'test') wd = resolvePath(c.command.args[0] ?? '', wd);
    if (c.skipTests !== undefined && c.role !== 'test') {
      // The build stays and skips its tests; the test stage runs it as written, tests and all.
      if (c.command.nested) return { skip: `the build at line ${ins.line} that runs the tests is inside a compound command` };
      if (dir !== undefined && dir !== wd) return { skip: `the RUN at line ${ins.line} runs tests in more than one folder` };
      if (wd === null) return { skip: `the tests of the RUN at line ${ins.line} run in a folder this tool cannot tell` };
      dir = wd;
      inserts.push({ at: base + ends[k], text: ` ${c.skipTests}` });
      lines.push(oneLine(src.slice(starts[k], ends[k])));
      continue;
    }
    if (c.role !== 'test') {
      // Variables the RUN sets are gone in the test stage: a test that might read them stays.
      if (c.command.name === '' || c.command.base === 'export') {
        if (cmds.slice(k + 1).some(isTest)) return { skip: `the RUN at line ${ins.line} sets variables before its tests, which a test stage would not have` };
      }
      continue;
    }
    let last = k;
    while (last + 1 < cmds.length && cmds[last + 1].role === 'test') last++;
    const group = cmds.slice(k, last + 1);
    const before = k > 0 ? cmds[k - 1].command.sep : '';
    const joins = [before, ...group.map((g) => g.command.sep)];
    if (group.some((g) => g.command.nested) || !joins.every((j) => CUTTABLE.has(j))) {
      const bad = joins.find((j) => !CUTTABLE.has(j)) ?? 'a compound command';
      return { skip: `the tests of the RUN at line ${ins.line} are joined with \`${bad === '\n' ? 'a new line' : bad}\`: cutting them out would change what else runs` };
    }
    if (dir !== undefined && dir !== wd) return { skip: `the RUN at line ${ins.line} runs tests in more than one folder` };
    dir = wd;
    if (wd === null) return { skip: `the tests of the RUN at line ${ins.line} run in a folder this tool cannot tell` };
    // `A && T` loses ` && T`; `T && A` loses `T && `.
    cuts.push(k > 0 ? [base + ends[k - 1], base + ends[last]] : [base + starts[k], base + starts[last + 1]]);
    lines.push(...group.map((g, j) => oneLine(src.slice(starts[k + j], ends[k + j]))));
    k = last;
  }
  return { run, whole: false, cuts, inserts, line: `RUN ${lines.join(' && ')}`, workdir: dir ?? run.workdir, user, commands: names };
}

/** Where command k's text starts: after the separator before it (its `VAR=value` prefix included). */
function textStart(src: string, cmds: readonly CommandFacts[], k: number): number {
  if (k >= cmds.length) return src.length;
  let at = k === 0 ? 0 : cmds[k - 1].command.end;
  if (k > 0) {
    const sep = cmds[k - 1].command.sep;
    const found = sep ? src.indexOf(sep, at) : -1;
    if (found !== -1 && found < cmds[k].command.start) at = found + sep.length;
  }
  while (at < src.length && /\s/.test(src[at])) at++;
  return at;
}

const trimEnd = (src: string, end: number): number => {
  while (end > 0 && /\s/.test(src[end - 1])) end--;
  return end;
};

/** A command's text on one line (blanked continuations collapse) when no quote could hold blanks that matter. */
const oneLine = (text: string): string => (/['"\\]/.test(text) ? text : text.replace(/\s+/g, ' '));

/**
 * The dependency installs that ran before the tests, when a later command prunes the dependencies (`npm prune
 * --omit=dev`): the test stage starts from the end of the builder, so it installs them again first.
 */
function reinstallOf(facts: Facts, moves: readonly TestMove[]): { lines: TestPlan['reinstall']; prunedAt: number | null } {
  const order = (r: RunFacts, c: CommandFacts): number => r.ins.index * 10000 + r.commands.indexOf(c);
  const firstTest = Math.min(...moves.flatMap((m) => m.run.commands.filter(isTest).map((c) => order(m.run, c))));
  // Every test runs at the end of the builder now: a prune after any of them takes what that one had.
  const prune = facts.runs.flatMap((r) => r.commands.filter((c) => c.prunes && order(r, c) > firstTest).map((c) => ({ r, c })))[0];
  if (!prune) return { lines: [], prunedAt: null };
  const lines: { line: string; at: number; workdir: string | null }[] = [];
  for (const r of facts.runs) {
    const installs = r.commands.filter((c) => c.role === 'dep-install' && !c.prunes && c.owner === prune.c.owner && order(r, c) < firstTest);
    if (!installs.length) continue;
    const line = `RUN ${installs.map((c) => oneLine(commandText(r, c))).join(' && ')}`;
    // The same install twice (`npm ci`, then `npm ci && npm test`) is one install again.
    const same = lines.findIndex((l) => l.line === line && l.workdir === r.workdir);
    if (same !== -1) lines.splice(same, 1);
    lines.push({ line, at: r.ins.line, workdir: r.workdir });
  }
  return { lines, prunedAt: prune.r.ins.line };
}

/** The text of one command of a RUN as written (exec form: its words). */
function commandText(run: RunFacts, c: CommandFacts): string {
  const cmd: Command = c.command;
  if (run.ins.json || run.ins.heredoc) return [cmd.name, ...cmd.args].join(' ');
  const k = run.commands.indexOf(c);
  return run.ins.args.slice(textStart(run.ins.args, run.commands, k), trimEnd(run.ins.args, cmd.end));
}
