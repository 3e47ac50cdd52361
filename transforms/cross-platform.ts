// cross-platform: the builder runs on the build machine (`FROM --platform=$BUILDPLATFORM`) and its build targets
// the image's platform through the platform ARGs it declares (`ARG TARGETOS TARGETARCH`), so a multi-platform
// build compiles natively instead of under emulation. How an ecosystem's build targets another platform, or why it
// cannot, is the ecosystem's answer (`crossBuild`); this file writes the edits. Opt-in (`--cross-platform`).
import type { Facts } from '../src/analyze/contract.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg, type Message } from '../src/messages.ts';
import { finalStage, flag, type Stage } from '../src/model/model.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

const PLATFORM_ARGS = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT'];
const uses = (text: string, name: string): boolean => new RegExp(`\\$\\{?${name}\\b`).test(text);

/** The stages that build for the final one: every earlier stage the final stage copies from (`COPY --from`). */
function builders(ctx: TransformContext): Stage[] {
  const last = finalStage(ctx.model);
  const named = new Set(last.instructions.flatMap((i) => (flag(i, 'from')?.value ? [flag(i, 'from')!.value!.toLowerCase()] : [])));
  return ctx.model.stages.filter((s) => s !== last && (named.has(s.name?.toLowerCase() ?? '') || named.has(String(s.index))));
}

/** Platform ARGs the stage reads and does not declare. */
const undeclared = (facts: Facts, names: readonly string[]): string[] => {
  const declared = new Set(facts.stage.instructions.filter((i) => i.keyword === 'ARG').flatMap((i) => i.pairs.map(([k]) => k)));
  return names.filter((n) => !declared.has(n));
};

function crossStage(ctx: TransformContext, stage: Stage): { edits: Edit[]; notes: Message[]; declined: Message[] } {
  const facts = ctx.factsOf(stage);
  const out = { edits: [] as Edit[], notes: [] as Message[], declined: [] as Message[] };
  const name = stage.name ?? String(stage.index);
  if (stage.platform) {
    if (!/^\$\{?BUILDPLATFORM\}?$/.test(stage.platform)) out.notes.push(msg('cross-not-done', { stage: name, why: `its FROM names the platform ${stage.platform}` }));
    return out;
  }
  // `FROM <stage>`: where it runs is decided by the stage it stands on, which other stages may build on too.
  const under = ctx.model.stages.find((e) => e.index < stage.index && e.name?.toLowerCase() === stage.image.toLowerCase());
  if (under) {
    out.declined.push(msg('cross-not-done', { stage: name, why: `it stands on the stage \`${under.name}\`, whose platform decides where it runs` }));
    return out;
  }
  const from = msg('cross-from', { stage: name });
  const text = stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.rawArgs).join('\n');
  // A build that already targets the platform ARGs only lacks the line that runs it on the build machine.
  const already = PLATFORM_ARGS.filter((a) => uses(text, a));
  if (already.length) {
    out.edits.push(ctx.fix.insertFlag(stage.from, '--platform=$BUILDPLATFORM', msg('cross-from-existing', { stage: name, args: already.join(', ') })));
    return out;
  }
  if (facts.windows) {
    out.declined.push(msg('cross-not-done', { stage: name, why: 'a Windows image' }));
    return out;
  }
  const eco = facts.ecosystem;
  const answer = eco?.crossBuild ? eco.crossBuild(facts) : { skip: eco ? `no known way to make a ${eco.id} build target another platform` : 'no ecosystem this tool knows builds in it' };
  if ('skip' in answer) {
    out.declined.push(msg('cross-not-done', { stage: name, why: answer.skip }));
    return out;
  }
  for (const i of answer.inserts) {
    if (i.run.ins.json || i.run.ins.heredoc || !i.run.ins.argsRange) {
      out.declined.push(msg('cross-not-done', { stage: name, why: `the RUN at line ${i.run.ins.line} is in exec form or a heredoc` }));
      return out;
    }
  }
  out.edits.push(ctx.fix.insertFlag(stage.from, '--platform=$BUILDPLATFORM', from));
  const args = undeclared(facts, answer.args);
  if (args.length) out.edits.push(ctx.fix.insertAfter(stage.from, ctx.fix.block([`ARG ${args.join(' ')}`]), msg('cross-args', { args: args.join(', '), how: answer.how })));
  for (const i of answer.inserts) {
    // After the last word itself: a command's end may take in the blanks of a line continuation after it.
    const c = i.command.command;
    const at = i.run.ins.argsRange![0] + (i.where === 'before' ? c.start : (c.words[c.words.length - 1]?.end ?? c.end));
    out.edits.push(ctx.fix.replace([at, at], i.text, msg('cross-target', { line: i.run.ins.line, how: answer.how })));
  }
  if (answer.inserts.length === 0) out.notes.push(msg('cross-portable', { how: answer.how }));
  return out;
}

function crossPlatform(ctx: TransformContext): TransformOutcome {
  if (!ctx.options.crossPlatform) return { edits: [] };
  const stages = builders(ctx);
  // Nothing declined: the file simply has no builder, the flag has nothing to act on.
  if (stages.length === 0) return { edits: [], notes: [msg('cross-no-builder')] };
  const edits: Edit[] = [];
  const notes: Message[] = [];
  const declined: Message[] = [];
  for (const s of stages) {
    const r = crossStage(ctx, s);
    edits.push(...r.edits);
    notes.push(...r.notes);
    declined.push(...r.declined);
  }
  return { edits, notes, declined };
}

const transform: Transform = {
  meta: {
    id: 'cross-platform',
    description: 'Build on the build machine and compile for the target platform (opt-in: --cross-platform)',
    safety: 'review',
    optIn: { option: 'crossPlatform', suggests: true, multiStage: true },
    kind: 'cross-platform',
  },
  apply: crossPlatform,
};

export default transform;
