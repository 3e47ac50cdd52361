// split-stages: the original stage becomes `builder`; a new `runtime` stage on a smaller image of the same
// family receives only what the app needs (build output, dependencies, system setup) and the final-image
// contract (CMD, ENTRYPOINT, EXPOSE, ENV, LABEL, HEALTHCHECK, ...), moved or repeated with the user's bytes.
// Whether to split and what the runtime gets is decided in analysis (splitDecision and the ecosystem's plan);
// this file lays the original's instructions out over the two stages and prints the runtime stage.
import { FINAL_IMAGE_MOVED, type Facts } from '../src/analyze/contract.ts';
import { replayedCopy, splitDecision, type ReadyPlan } from '../src/analyze/split.ts';
import type { Edit } from '../src/edits/apply.ts';
import type { Fixer } from '../src/edits/fixer.ts';
import { msg, type Message } from '../src/messages.ts';
import type { Instruction } from '../src/model/model.ts';
import { resolvePath, unquote } from '../src/model/paths.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

const varsOf = (text: string): string[] => [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);

/** Where each instruction of the original stage goes. */
interface Layout {
  /** ENV lines the app reads at run time: repeated in the runtime stage. */
  readonly env: readonly Instruction[];
  /** System setup (RUN) and files put outside the app folder (COPY/ADD): repeated in the runtime stage. */
  readonly replays: readonly Instruction[];
  /** The system setup parts of RUNs that also build, printed again in the runtime stage (after `replays`). */
  readonly parts: readonly { readonly ins: Instruction; readonly text: string }[];
  /** The final-image contract and USER: moved (USER repeated) to the runtime stage. */
  readonly contract: readonly Instruction[];
  /** The start command and ports of a server the runtime image replaces: removed. */
  readonly replaced: readonly Instruction[];
  readonly shell: Instruction | undefined;
  /** ARG lines to declare again in the runtime stage, with their names. */
  readonly args: readonly { readonly line: string; readonly name: string }[];
  /** Secret-looking ENV names kept out of the runtime stage (build credentials). */
  readonly secrets: readonly string[];
  /** Secret-looking ENV names the image carried with values of their own: kept, with a warning. */
  readonly baked: readonly string[];
}

function splitStages(ctx: TransformContext): TransformOutcome {
  const decision = splitDecision(ctx.facts, ctx.options);
  if ('nothing' in decision) return { edits: [], notes: [decision.nothing] };
  if ('skip' in decision) return decision;
  const { plan } = decision;
  const layout = layOut(ctx.facts, plan, ctx.fix);
  if ('skip' in layout) return layout;
  const builder = ctx.facts.stage.name ?? builderName(plan);
  const edits: Edit[] = [...builderEdits(ctx, plan, builder), ...moveEdits(ctx.fix, layout, plan)];
  const blocks = runtimeStage(ctx, plan, layout, builder);
  blocks.forEach((b, k) => edits.push(k === 0 ? ctx.fix.append(b.text, b.reason, edits) : appendMore(ctx.model.text.length, b.text, b.reason)));
  const app = ctx.facts.appDir ?? '';
  const notes = [
    ...(plan.policyNote ? [msg('runtime-base-not-used', { why: plan.policyNote })] : []),
    ...(plan.keptOut ?? []).map((k) => msg('split-kept-out', { entry: k.entry, why: k.why })),
    ...(plan.wholeFolder ? [msg('split-whole-folder', { why: plan.wholeFolder })] : []),
    ...(plan.runtime.caveats ?? []).map((why) => msg('runtime-image-caveat', { why })),
    ...layout.secrets.map((name) => msg('split-secret-dropped', { name })),
    ...layout.baked.map((name) => msg('split-secret-env-kept', { name })),
    ...(plan.keptPackages.length ? [msg('split-unknown-package', { name: plan.keptPackages.join(', ') })] : []),
    ...(plan.installerPackages.length ? [msg('split-installer-packages', { name: plan.installerPackages.join(', ') })] : []),
    ...(plan.keptDev.length ? [msg('split-dev-kept', { name: plan.keptDev.join(', '), image: plan.runtime.image })] : []),
  ];
  return { edits, notes, replaced: layout.replaced, keptPackages: [...plan.keptDev, ...plan.installerPackages], keptOut: (plan.keptOut ?? []).map((k) => (k.entry.startsWith('/') ? k.entry : `${app}/${k.entry}`).replace(/\/$/, '')) };
}

/** Which instructions the runtime stage repeats, moves or drops, in the original order. */
function layOut(facts: Facts, plan: ReadyPlan, fix: Fixer): Layout | { skip: Message } {
  const env: Instruction[] = [];
  const replays: Instruction[] = [];
  const contract: Instruction[] = [];
  const replaced: Instruction[] = [];
  const secrets: string[] = [];
  const baked: string[] = [];
  let shell: Instruction | undefined;
  // A runtime image with its own server (--static-server nginx) replaces the start command and ports, and its
  // own user takes the place of the replaced server's.
  const server = plan.ownServer;
  const replayRuns = new Set(facts.runs.filter((r) => r.runtime.replay === 'all').map((r) => r.ins));
  const builderOnly = new Set(plan.builderOnly ?? []);
  const parts: { ins: Instruction; text: string }[] = [];
  for (const r of facts.runs) {
    const replay = r.runtime.replay;
    if (typeof replay !== 'string' && !builderOnly.has(r.ins)) parts.push({ ins: r.ins, text: `${fix.word('RUN')} ${replay.join(' && ')}` });
  }
  for (const ins of facts.stage.instructions) {
    if (server?.replaced.includes(ins) || plan.startCommand?.replaced === ins) replaced.push(ins);
    else if (FINAL_IMAGE_MOVED.has(ins.keyword)) contract.push(ins);
    else if (ins.keyword === 'USER') {
      if (!server) contract.push(ins);
    } else if (ins.keyword === 'SHELL') shell = ins;
    else if (ins.keyword === 'ENV') {
      const kinds = ins.pairs.map(([k, v]) => [k, facts.envKind(k, v)] as const);
      const secret = kinds.filter(([, kind]) => kind === 'secret').map(([k]) => k);
      const runtime = kinds.filter(([, kind]) => kind === 'runtime' || kind === 'baked-secret').map(([k]) => k);
      baked.push(...kinds.filter(([, kind]) => kind === 'baked-secret').map(([k]) => k));
      // One ENV line cannot be half carried: the secret would leak or the app would lose the rest.
      if (secret.length && runtime.length) {
        return { skip: msg('split-unsafe', { why: `the ENV at line ${ins.line} sets ${secret.join(', ')} (secret-looking) together with ${runtime.join(', ')} (read at run time)` }) };
      }
      if (secret.length) secrets.push(...secret);
      else if (runtime.length) env.push(ins);
    } else if (ins.keyword === 'RUN' && replayRuns.has(ins) && !builderOnly.has(ins)) replays.push(ins);
    // A wholesale copy of the context is the sources: the plan's handover carries what the runtime needs of it.
    else if (replayedCopy(ins, facts, plan)) replays.push(ins);
  }
  const carried = [...env, ...replays, ...contract, ...(shell ? [shell] : [])];
  return { env, replays, parts, contract, replaced, shell, secrets, baked, args: argsUsed(facts, carried, parts.map((p) => p.text), fix) };
}

/** Stage-scoped ARGs are not inherited: every ARG the carried instructions (and printed parts) use is declared again. */
function argsUsed(facts: Facts, carried: readonly Instruction[], printed: readonly string[], fix: Fixer): Layout['args'] {
  const used = new Set([...carried.flatMap((i) => varsOf(i.rawArgs + i.flags.map((f) => f.value ?? '').join(' '))), ...printed.flatMap(varsOf)]);
  const out: { line: string; name: string }[] = [];
  for (const a of [...facts.model.globalArgs, ...facts.stage.instructions.filter((i) => i.keyword === 'ARG')]) {
    const [name] = a.pairs[0] ?? [];
    if (!name || !used.has(name) || facts.envKind(name) === 'secret' || out.some((o) => o.name === name)) continue;
    out.push({ line: a.stage === -1 ? `ARG ${name}` : fix.textOf(a, false).replace(/\r?\n$/, ''), name });
  }
  return out;
}

/**
 * The name the original stage gets: `builder`, or `backend-build` when a part (a Node front end) is built in a
 * stage of its own, so each part's stage says which part it builds (`frontend-build`, `backend-build`).
 */
const builderName = (plan: ReadyPlan): string => (plan.part ? 'backend-build' : 'builder');

/** The builder gets its name and the plan's extra steps. */
function builderEdits(ctx: TransformContext, plan: ReadyPlan, builder: string): Edit[] {
  const { fix, facts } = ctx;
  const edits: Edit[] = [];
  const from = facts.stage.from;
  if (!facts.stage.name) edits.push(fix.replace([from.range[1], from.range[1]], ` ${fix.word('AS')} ${builder}`, msg('split-builder', { name: builder })));
  if (plan.part) edits.push(...partEdits(ctx, plan.part));
  for (const b of plan.builderBefore) edits.push(fix.insertBefore(b.at, fix.block(b.lines), b.reason));
  for (const b of plan.builderAfter) edits.push(fix.insertAfter(b.at, fix.block(b.lines), b.reason));
  return edits;
}

/**
 * A part built in a stage of its own (a Node front end next to another back end): the stage goes before the
 * builder, on the builder's base image as written, with the original's instructions it needs (repeated word for
 * word); its RUNs leave the builder, which copies the part's output where the last of them stood.
 */
function partEdits(ctx: TransformContext, part: NonNullable<ReadyPlan['part']>): Edit[] {
  const { fix, facts } = ctx;
  const from = facts.stage.from;
  const image = from.args.replace(/\s+AS\s+\S+\s*$/i, '').trim();
  const moved = new Set(part.moved);
  const body = part.instructions.map((i) => fix.textOf(i, moved.has(i))).join('');
  const stage = fix.block([`FROM ${image} ${fix.word('AS')} ${part.name}`]) + body + fix.block(['']);
  const edits: Edit[] = [fix.insertBefore(from, stage, msg('split-part', { what: part.what, name: part.name }))];
  for (const m of part.moved) edits.push(fix.remove(m, msg('split-part-moved', { line: m.line, name: part.name })));
  const last = part.moved.filter((m) => part.instructions.includes(m)).reduce((a, b) => (b.line > a.line ? b : a));
  edits.push(fix.insertAfter(last, fix.block([`COPY --from=${part.name} ${copyPaths(part.output, part.output)}`]), msg('split-part-copy', { output: part.output, name: part.name })));
  return edits;
}

/** Moved and replaced instructions leave the builder (their comments move along). */
function moveEdits(fix: Fixer, layout: Layout, plan: ReadyPlan): Edit[] {
  const edits: Edit[] = [];
  for (const c of layout.contract) if (c.keyword !== 'USER') edits.push(fix.remove(c, msg('split-move', { keyword: c.keyword })));
  for (const r of layout.replaced) edits.push(fix.remove(r, replacedReason(r, plan)));
  return edits;
}

const replacedReason = (r: Instruction, plan: ReadyPlan): Message =>
  plan.startCommand?.replaced === r ? plan.startCommand.reason : msg('split-server-replaced', { keyword: r.keyword, args: r.rawArgs.replace(/\s+/g, ' ').trim() });

/** The runtime stage, block by block: FROM, ARGs, SHELL, ENV, packages, handover, WORKDIR, replays, contract. */
function runtimeStage(ctx: TransformContext, plan: ReadyPlan, layout: Layout, builder: string): { text: string; reason: Message }[] {
  const { fix, facts, model } = ctx;
  const out: { text: string; reason: Message }[] = [];
  const add = (text: string, reason: Message): void => void out.push({ text, reason });
  const platform = facts.stage.from.flags.find((f) => f.name.toLowerCase() === 'platform');
  add(fix.block([`FROM ${platform ? model.text.slice(platform.range[0], platform.range[1]) + ' ' : ''}${plan.runtime.image} AS runtime`]), msg('split-runtime', { name: 'runtime', image: plan.runtime.image, why: plan.why }));
  for (const a of layout.args) add(fix.block([a.line]), msg('split-redeclare-arg', { name: a.name }));
  if (layout.shell) add(fix.textOf(layout.shell), msg('split-copy-env', { keyword: 'SHELL' }));
  for (const e of layout.env) add(fix.textOf(e), msg('split-copy-env', { keyword: 'ENV' }));
  for (const path of plan.sources) add(fix.block([`COPY --from=${builder} ${copyPaths(path, path)}`]), msg('split-sources', { what: path }));
  if (plan.install) add(fix.block([plan.install]), msg('split-packages', { packages: plan.runtimePackages.join(', ') }));
  for (const line of plan.runtimeEnv) add(fix.block([line]), plan.runtimeEnvReason ?? msg('split-venv', { venv: plan.handover[0] ?? '' }));
  for (const e of plan.imageEnv) add(fix.block([`ENV ${e.name}="${e.value}"`]), msg('split-image-env', { name: e.name, image: facts.root.image, why: e.why }));
  for (const path of plan.handover) {
    const to = plan.handoverTo?.[path] ?? path;
    // The builder's `chown -R` of the app folder does not survive COPY --from: the copy names the owner.
    const chown = plan.handoverChown && facts.inApp(path) ? ` --chown=${plan.handoverChown}` : '';
    add(fix.block([`COPY --from=${builder}${chown} ${copyPaths(path, to)}`]), msg('split-handover', { what: path }));
  }
  const files = plan.handoverFiles ?? [];
  if (files.length) {
    const folder = files[0].slice(0, files[0].lastIndexOf('/') + 1);
    const chown = plan.handoverChown && facts.inApp(folder) ? ` --chown=${plan.handoverChown}` : '';
    add(fix.block([`COPY --from=${builder}${chown} ${copyPaths(files, folder)}`]), msg('split-handover', { what: files.join(', ') }));
  }
  for (const path of plan.copies) add(fix.block([`COPY --from=${builder} ${copyPaths(path, path)}`]), msg('split-copy-place', { what: path }));
  // The WORKDIR a line had: the user's own WORKDIR line when it means the same on its own (absolute, quoted or
  // not), else the resolved folder.
  const workdirLine = (dir: string, before: Instruction | null): string => {
    const list = facts.stage.instructions;
    const last = [...(before ? list.slice(0, list.indexOf(before)) : list)].reverse().find((i) => i.keyword === 'WORKDIR');
    return last && resolvePath(unquote(last.args), null) === dir ? fix.textOf(last, false) : fix.block([`WORKDIR ${dir}`]);
  };
  // Whole RUNs and parts of RUNs in the order the original ran them (an installer may use what earlier setup
  // did), each in the folder it ran in: setup before any WORKDIR runs where the base image starts.
  const again = [...layout.replays.map((r) => ({ ins: r, part: null })), ...layout.parts.map((p) => ({ ins: p.ins, part: p.text }))].sort((a, b) => a.ins.line - b.ins.line);
  let wd: string | null = null;
  for (const { ins, part } of again) {
    const at = facts.workdirAt.get(ins) ?? null;
    if (at !== null && at !== wd) add(workdirLine(at, ins), msg('split-copy-env', { keyword: 'WORKDIR' }));
    wd = at ?? wd;
    add(part === null ? fix.textOf(ins) : fix.block([part]), msg(part === null ? 'split-replay' : 'split-replay-part', { line: ins.line }));
  }
  if (facts.workdir && !plan.ownServer && wd !== facts.workdir) add(workdirLine(facts.workdir, null), msg('split-copy-env', { keyword: 'WORKDIR' }));
  for (const c of layout.contract) add(fix.textOf(c), c.keyword === 'USER' ? msg('split-copy-env', { keyword: 'USER' }) : msg('split-move', { keyword: c.keyword }));
  // Replaced lines leave without a copy, but their comments come along; the new server's lines stand in for them.
  for (const r of layout.replaced) if (r.leading) add(model.text.slice(r.leading[0], r.lines[0]), replacedReason(r, plan));
  if (plan.ownServer?.lines.length) add(fix.block(plan.ownServer.lines), plan.ownServer.reason);
  if (plan.startCommand) add(fix.block([plan.startCommand.line]), plan.startCommand.reason);
  return out;
}

/**
 * The paths of a handover COPY. A folder name with blanks (`WORKDIR /my app`, or a WORKDIR whose continuation
 * ran into the next line) would split into more sources in shell form, and one ending in `\` or `` ` `` would
 * continue the line: such paths go in the JSON form, which Docker reads as exactly these strings.
 */
function copyPaths(from: string | readonly string[], to: string): string {
  const all = [...(typeof from === 'string' ? [from] : from), to];
  return all.every((p) => /^[^\s"'\\`\[]+$/.test(p)) ? all.join(' ') : JSON.stringify(all).replace(/","/g, '", "');
}

/** Later chunks of the runtime stage, inserted at the same end offset after the first (order is kept). */
const appendMore = (at: number, text: string, reason: Message): Edit => ({ range: [at, at], text, reason });

const transform: Transform = {
  meta: {
    id: 'split-stages',
    description: 'Split a single-stage Dockerfile into a builder stage and a smaller runtime stage',
    safety: 'review',
    kind: 'split',
  },
  apply: splitStages,
};

export default transform;
