// test-stage (opt-in, --test-stage): the build's test commands (`npm test`, `pytest`, `go test ./...`, `cargo
// test`, `dotnet test`, `mvn test`, ...) leave the builder for a `test` stage that starts from it
// (`FROM builder AS test`). The stage sits before the final stage, so a default `docker build` (which builds
// the last stage and only what it needs, with BuildKit) skips it; `docker build --target test .` runs the tests.
// Which commands are tests is the ecosystems' call; where they are and how they move is analysis' (tests.ts).
import { testPlan, TEST_STAGE, type TestPlan } from '../src/analyze/tests.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg } from '../src/messages.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

function testStage(ctx: TransformContext): TransformOutcome {
  if (!ctx.options.testStage) return { edits: [] };
  const plan = testPlan(ctx.model, ctx.factsOf);
  if ('skip' in plan) return plan.nothing ? { edits: [], notes: [msg('test-stage-none', { why: plan.skip })] } : { skip: msg('test-stage-skip', { why: plan.skip }) };
  const { fix } = ctx;
  const edits: Edit[] = [];
  for (const m of plan.moves) {
    if (m.whole) edits.push(fix.remove(m.run.ins, msg('test-stage-move', { command: m.commands.join(' && '), line: m.run.ins.line })));
    for (const cut of m.cuts) edits.push(fix.replace(cut, '', msg('test-stage-cut', { command: m.commands.join(' && '), line: m.run.ins.line })));
    for (const i of m.inserts) edits.push(fix.replace([i.at, i.at], i.text, msg('test-stage-skip-tests', { flag: i.text.trim(), line: m.run.ins.line })));
  }
  const tests = plan.moves.flatMap((m) => m.commands.map((c) => `\`${c}\``)).join(', ');
  // The final stage of a file that was not split is named, so the test stage can start from it.
  let name = plan.from.name;
  if (!name) {
    if (ctx.model.stages.some((s) => s.name?.toLowerCase() === 'runtime')) return { skip: msg('test-stage-skip', { why: 'the final stage has no name, and `runtime` names another stage' }) };
    name = 'runtime';
    edits.push(fix.replace([plan.from.from.range[1], plan.from.from.range[1]], ` ${fix.word('AS')} ${name}`, msg('test-stage-name', { name })));
  }
  const text = stageText(ctx, plan, name);
  const added = msg('test-stage-add', { stage: name, tests });
  if (plan.before) edits.push(fix.insertBefore(plan.before.from, text, added));
  else {
    // After the final stage, then `FROM <final>` last: the default target stays the image without the tests.
    edits.push(fix.append(text, added, edits));
    const alias = fix.block(['# The default target (`docker build` without --target builds the last stage): the image without the tests', `FROM ${name}`]);
    edits.push({ range: [ctx.model.text.length, ctx.model.text.length], text: alias, reason: msg('test-stage-default-target', { stage: name }) });
  }
  const reinstall = plan.prunedAt !== null && plan.reinstall.length ? [msg('test-stage-reinstall', { at: plan.reinstall.map((r) => r.at).join(', '), line: plan.prunedAt })] : [];
  return { edits, notes: [msg('test-stage-default', { tests }), ...reinstall], rewritten: plan.moves.filter((m) => !m.whole).map((m) => m.run.ins) };
}

/** The test stage: FROM, the installs a prune undid, then the tests, each in the folder and as the user it ran with. */
function stageText(ctx: TransformContext, plan: TestPlan, from: string): string {
  const { fix } = ctx;
  let text = fix.block([`FROM ${from} AS ${TEST_STAGE}`]);
  let dir = plan.workdir;
  let user = plan.user;
  const place = (workdir: string | null, as: string | null): void => {
    if (workdir !== null && workdir !== dir) text += fix.block([`WORKDIR ${workdir}`]);
    if (as !== user) text += fix.block([`USER ${as ?? 'root'}`]);
    dir = workdir ?? dir;
    user = as;
  };
  for (const r of plan.reinstall) {
    place(r.workdir, user);
    text += fix.block([r.line]);
  }
  for (const m of plan.moves) {
    place(m.workdir, m.user);
    text += m.whole ? fix.textOf(m.run.ins) : fix.block([m.line ?? '']);
  }
  return text + fix.block(['']);
}

const transform: Transform = {
  meta: {
    id: 'test-stage',
    description: 'Move the build\'s test commands to a `test` stage (opt-in: --test-stage); a default build no longer runs them',
    safety: 'review',
    kind: 'test-stage',
    optIn: { option: 'testStage' },
  },
  apply: testStage,
};

export default transform;
