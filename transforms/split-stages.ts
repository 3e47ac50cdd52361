// split-stages: the original stage becomes `builder`; a new `runtime` stage on a smaller image of the same
// family receives only what the app needs (build output, dependencies, system setup) and the final-image
// contract (CMD, ENTRYPOINT, EXPOSE, ENV, LABEL, HEALTHCHECK, ...), moved or repeated with the user's bytes.
import { isSkip } from '../src/analyze/ecosystem.ts';
import { isBuildOnlyEnv, SECRET } from '../src/analyze/env.ts';
import { copyDest, isWholesaleCopy, type Facts } from '../src/analyze/index.ts';
import { isWindowsImage } from '../src/analyze/images.ts';
import { installLine, runtimePackages } from '../src/analyze/packages.ts';
import { resolvePath } from '../src/analyze/roles.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg, type Message } from '../src/messages.ts';
import type { Instruction } from '../src/model/model.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

/** Instructions that belong to the final image only: moved to the runtime stage. */
const MOVED = new Set(['EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'LABEL', 'MAINTAINER']);

const varsOf = (text: string): string[] => [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);

function splitStages(ctx: TransformContext): TransformOutcome {
  const { model, facts, fix } = ctx;
  if (model.stages.length > 1) return { edits: [], notes: [msg('already-multistage')] };
  if (isWindowsImage(facts.base)) return { skip: msg('windows-image') };
  if (facts.base.repo === 'scratch') return { edits: [], notes: [msg('scratch-base')] };
  if (model.instructions.some((i) => i.keyword === 'ONBUILD')) return { skip: msg('onbuild-present') };
  const eco = facts.ecosystem;
  if (!eco) return { skip: msg('unknown-ecosystem') };
  const unknown = facts.runs.find((r) => r.role === 'unknown');
  if (unknown) {
    return { skip: msg('split-unsafe', { why: `cannot tell what ${unknown.why} at line ${unknown.ins.line} leaves in the image` }) };
  }
  const plan = eco.plan(facts, ctx.options);
  if (isSkip(plan)) return plan.nothing ? { edits: [], notes: [msg('nothing-to-split', { why: plan.skip })] } : { skip: msg('split-unsafe', { why: plan.skip }) };
  if (!facts.appDir) return { skip: msg('split-unsafe', { why: 'no WORKDIR and the sources are not copied to a folder of their own' }) };

  const stage = facts.stage;
  const builder = stage.name ?? 'builder';
  const edits: Edit[] = [];
  if (!stage.name) edits.push(fix.replace([stage.from.range[1], stage.from.range[1]], ` ${fix.word('AS')} builder`, msg('split-builder', { name: builder })));
  for (const b of plan.builderBefore) edits.push(fix.insertBefore(b.at, fix.block(b.lines), b.reason));
  for (const b of plan.builderAfter) edits.push(fix.insertAfter(b.at, fix.block(b.lines), b.reason));

  // What the runtime stage repeats, moves and copies, in the original order.
  const runtime: { text: string; reason: Message }[] = [];
  const envCopies: Instruction[] = [];
  const replays: Instruction[] = [];
  const contract: Instruction[] = [];
  // A runtime image with its own server (--static-server nginx) replaces the start command and ports.
  const own = plan.ownServer;
  const replaced: Instruction[] = [];
  const dropped: string[] = [];
  let shell: Instruction | undefined;
  const replayRuns = new Set(facts.runs.filter((r) => r.role === 'system-config').map((r) => r.ins));
  for (const ins of stage.instructions) {
    if (own?.replaced.includes(ins)) replaced.push(ins);
    else if (MOVED.has(ins.keyword)) contract.push(ins);
    // The user of a replaced server may not exist in the new image, which runs as its own.
    else if (ins.keyword === 'USER' && !own) contract.push(ins);
    else if (ins.keyword === 'USER') continue;
    else if (ins.keyword === 'SHELL') shell = ins;
    else if (ins.keyword === 'ENV') {
      const keys = ins.pairs.map(([k]) => k);
      const secrets = keys.filter((k) => SECRET.test(k));
      const runtimeKeys = keys.filter((k) => !SECRET.test(k) && !isBuildOnlyEnv(k));
      // One ENV line cannot be half carried: the secret would leak or the app would lose the rest.
      if (secrets.length && runtimeKeys.length) {
        return { skip: msg('split-unsafe', { why: `the ENV at line ${ins.line} sets ${secrets.join(', ')} (secret-looking) together with ${runtimeKeys.join(', ')} (read at run time)` }) };
      }
      if (secrets.length) dropped.push(...secrets);
      else if (!keys.every(isBuildOnlyEnv)) envCopies.push(ins);
    } else if (ins.keyword === 'RUN' && replayRuns.has(ins) && !plan.builderOnly?.includes(ins)) replays.push(ins);
    // A wholesale copy of the context is the sources: the plan's handover carries what the runtime needs of it.
    else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !isWholesaleCopy(ins) && outsideApp(ins, facts) && !plan.builderOnly?.includes(ins)) replays.push(ins);
  }
  const carried = [...envCopies, ...replays, ...contract, ...(shell ? [shell] : [])];
  // Stage-scoped ARGs are not inherited: declare again every ARG the carried instructions use.
  const used = new Set(carried.flatMap((i) => varsOf(i.rawArgs + i.flags.map((f) => f.value ?? '').join(' '))));
  const stageArgs = stage.instructions.filter((i) => i.keyword === 'ARG');
  const args: string[] = [];
  const argReasons: string[] = [];
  for (const a of [...model.globalArgs, ...stageArgs]) {
    const [name] = a.pairs[0] ?? [];
    if (!name || !used.has(name) || SECRET.test(name) || args.some((t) => t.includes(`ARG ${name}`))) continue;
    args.push(a.stage === -1 ? `ARG ${name}` : fix.textOf(a, false).replace(/\r?\n$/, ''));
    argReasons.push(name);
  }

  const platform = stage.from.flags.find((f) => f.name.toLowerCase() === 'platform');
  const fromLine = `FROM ${platform ? model.text.slice(platform.range[0], platform.range[1]) + ' ' : ''}${plan.runtime.image} AS runtime`;
  runtime.push({ text: fix.block([fromLine]), reason: msg('split-runtime', { name: 'runtime', image: plan.runtime.image, why: plan.why }) });
  args.forEach((a, k) => runtime.push({ text: fix.block([a]), reason: msg('split-redeclare-arg', { name: argReasons[k] }) }));
  if (shell) runtime.push({ text: fix.textOf(shell), reason: msg('split-copy-env', { keyword: 'SHELL' }) });
  for (const e of envCopies) runtime.push({ text: fix.textOf(e), reason: msg('split-copy-env', { keyword: 'ENV' }) });
  if (plan.runtimePackages.length > 0) {
    const manager = plan.runtime.distro === 'alpine' ? 'apk' : plan.runtime.distro === 'rhel' ? 'yum' : 'apt';
    runtime.push({ text: fix.block([installLine(manager, plan.runtimePackages, plan.runtime.image)]), reason: msg('split-packages', { packages: plan.runtimePackages.join(', ') }) });
  }
  for (const line of plan.runtimeEnv) runtime.push({ text: fix.block([line]), reason: plan.runtimeEnvReason ?? msg('split-venv', { venv: plan.handover[0] ?? '' }) });
  const app = facts.appDir;
  for (const path of plan.handover) {
    const to = plan.handoverTo?.[path] ?? path;
    // The builder's `chown -R` of the app folder does not survive COPY --from: the copy names the owner.
    const owned = plan.handoverChown && app && (path === app || path.startsWith(app + '/'));
    const chown = owned ? ` --chown=${plan.handoverChown}` : '';
    runtime.push({ text: fix.block([`COPY --from=${builder}${chown} ${copyPaths(path, to)}`]), reason: msg('split-handover', { what: path }) });
  }
  if (facts.workdir && !own) {
    const last = [...stage.instructions].reverse().find((i) => i.keyword === 'WORKDIR');
    // The user's own line when it means the same on its own (absolute, quoted or not); else the resolved folder.
    const same = last && resolvePath(last.args.trim().replace(/^["']|["']$/g, ''), null) === facts.workdir;
    const text = same ? fix.textOf(last, false) : fix.block([`WORKDIR ${facts.workdir}`]);
    runtime.push({ text, reason: msg('split-copy-env', { keyword: 'WORKDIR' }) });
  }
  for (const r of replays) runtime.push({ text: fix.textOf(r), reason: msg('split-replay', { line: r.line }) });
  for (const c of contract) {
    if (c.keyword === 'USER') runtime.push({ text: fix.textOf(c), reason: msg('split-copy-env', { keyword: 'USER' }) });
    else {
      edits.push(fix.remove(c, msg('split-move', { keyword: c.keyword })));
      runtime.push({ text: fix.textOf(c), reason: msg('split-move', { keyword: c.keyword }) });
    }
  }
  // Replaced lines leave without a copy (their comments move along); the new server's lines stand in for them.
  for (const r of replaced) {
    const reason = msg('split-server-replaced', { keyword: r.keyword, args: r.rawArgs.replace(/\s+/g, ' ').trim() });
    edits.push(fix.remove(r, reason));
    if (r.leading) runtime.push({ text: model.text.slice(r.leading[0], r.lines[0]), reason });
  }
  if (own?.lines.length) runtime.push({ text: fix.block(own.lines), reason: own.reason });
  runtime.forEach((r, k) => edits.push(k === 0 ? fix.append(r.text, r.reason, edits) : appendMore(model.text.length, r.text, r.reason)));
  // Packages carried only because nothing says they are build-only: the reviewer decides.
  const kept = runtimePackages(facts.runs.flatMap((r) => r.packages)).kept.filter((p) => plan.runtimePackages.includes(p));
  const notes = [...dropped.map((name) => msg('split-secret-dropped', { name })), ...(kept.length ? [msg('split-unknown-package', { name: kept.join(', ') })] : [])];
  return { edits, notes };
}

/**
 * The paths of a handover COPY. A folder name with blanks (`WORKDIR /my app`, or a WORKDIR whose continuation
 * ran into the next line) would split into more sources in shell form, and one ending in `\` or `` ` `` would
 * continue the line: such paths go in the JSON form, which Docker reads as exactly these strings.
 */
function copyPaths(path: string, to: string): string {
  return [path, to].every((p) => /^[^\s"'\\`\[]+$/.test(p)) ? `${path} ${to}` : JSON.stringify([path, to]).replace(/","/g, '", "');
}

/** Later chunks of the runtime stage, inserted at the same end offset after the first (order is kept). */
const appendMore = (at: number, text: string, reason: Message): Edit => ({ range: [at, at], text, reason });

function outsideApp(ins: Instruction, facts: Facts): boolean {
  if (ins.flags.some((f) => f.name.toLowerCase() === 'from' && /^\d+$|^builder$/i.test(f.value ?? ''))) return false;
  const dest = resolvePath(copyDest(ins).replace(/^["']|["']$/g, ''), facts.workdirAt.get(ins) ?? null);
  const app = facts.appDir;
  return !(dest && app && (dest === app || dest === app + '/' || dest.startsWith(app + '/')));
}

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
