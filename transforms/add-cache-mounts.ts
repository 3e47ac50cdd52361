// add-cache-mounts: package-manager installs in builder stages get a BuildKit cache mount
// (`RUN --mount=type=cache,target=/root/.npm npm ci`), so a rebuild reuses downloads instead of fetching them
// again. Only builder stages: the final image must keep everything it had (a runtime `go run` needs the module
// cache in the image). Per stage and tool it is all or nothing — a later `go build` must see the modules that a
// mounted `go mod download` fetched — and nothing is mounted where the RUN defeats the cache.
import type { CacheTool, Facts, RunFacts } from '../src/analyze/contract.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg, type Message } from '../src/messages.ts';
import { finalStage, flag, type Instruction } from '../src/model/model.ts';
import { resolvePath } from '../src/model/paths.ts';
import { positional, type Command } from '../src/model/shell.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

type Target = CacheTool['targets'][number];

const mountFlag = (t: Target): string => `--mount=type=cache,target=${t.path}${t.options ? ',' + t.options : ''}`;

/** Cache targets the RUN already mounts (any `--mount` with target=, dst= or destination=). */
function mounted(ins: Instruction): Set<string> {
  const out = new Set<string>();
  for (const f of ins.flags) {
    if (f.name.toLowerCase() !== 'mount' || !f.value) continue;
    for (const part of f.value.split(',')) {
      const [k, v] = part.split('=');
      if (v && ['target', 'dst', 'destination'].includes(k.trim().toLowerCase())) out.add(v.trim().replace(/\/+$/, ''));
    }
  }
  return out;
}

/** `rm` of the cache folder, a parent of it, or something inside it (other than what the tool may lose). */
function removes(c: Command, path: string, workdir: string | null, prunable: (p: string) => boolean): boolean {
  if (c.base !== 'rm') return false;
  return positional(c.args).some((a) => {
    const p = resolvePath(a.replace(/^~(?=\/|$)/, '/root').replace(/\/\*?$/, '').replace(/\/\*.*$/, ''), workdir);
    if (p !== null && prunable(p)) return false;
    return p !== null && p !== '' && (path === p || path.startsWith(p + '/') || p.startsWith(path + '/'));
  });
}

const ROOT = /^(root|0)(:(root|0))?$/;

interface Plan {
  readonly edits: Edit[];
  readonly notes: Message[];
}

/** Why `tool`'s cache cannot be mounted in this stage (the first RUN that defeats it, or the stage), or null. */
function blocker(facts: Facts, tool: CacheTool, runs: readonly RunFacts[], later: readonly Instruction[]): { line: number; why: string } | null {
  const unsure = tool.unsure?.(facts) ?? null;
  if (unsure) return { line: runs[0].ins.line, why: unsure };
  for (const r of facts.runs) {
    const user = facts.userAt.get(r.ins) ?? null;
    const uses = runs.includes(r);
    let why: string | null = null;
    if (uses && r.script.opaque) why = 'the RUN has shell this tool does not follow';
    else if (uses && user !== null && !ROOT.test(user)) why = `it runs as \`${user}\`, whose cache folder is not the one mounted`;
    const commands = r.commands.map((x) => x.command);
    const prunable = (p: string): boolean => tool.prunable?.(p, commands) ?? false;
    for (const c of r.commands) {
      if (why) break;
      why ??= tool.defeats(c.command);
      const env = Object.keys(c.command.env).find((k) => tool.env.test(k));
      if (env) why ??= `it sets ${env}`;
      if (tool.targets.some((t) => removes(c.command, t.path, r.workdir, prunable))) why ??= 'it deletes the cache folder';
    }
    if (why) return { line: r.ins.line, why };
  }
  const env = stageSettings(facts).find((k) => tool.env.test(k));
  if (env) return { line: runs[0].ins.line, why: `the stage sets ${env}` };
  // A later stage that copies the cache folder out of this one needs it in the image.
  const copied = later.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && flag(i, 'from') && tool.targets.some((t) => i.args.includes(t.path)));
  if (copied) return { line: copied.line, why: `line ${copied.line} copies the cache folder to another stage` };
  return null;
}

/** ENV and ARG names the stage sets. */
const stageSettings = (facts: Facts): string[] =>
  facts.stage.instructions.flatMap((i) => (i.keyword === 'ENV' ? i.pairs.map(([k]) => k) : i.keyword === 'ARG' ? [/^\s*([A-Za-z_]\w*)/.exec(i.args)?.[1] ?? ''] : []));

function planStage(ctx: TransformContext, facts: Facts, later: readonly Instruction[]): Plan {
  const plan: Plan = { edits: [], notes: [] };
  for (const tool of facts.cacheTools) {
    const runs = facts.runs.filter((r) => r.commands.some((c) => tool.uses(c.command)));
    if (runs.length === 0) continue;
    const blocked = blocker(facts, tool, runs, later);
    if (blocked) {
      plan.notes.push(msg('cache-not-mounted', { tool: tool.name, line: blocked.line, why: blocked.why }));
      continue;
    }
    // The line the cache needs first (apt: keep the downloads), unless the stage has it already.
    const setup = tool.setup;
    if (setup && !facts.runs.some((r) => r.commands.some((c) => setup.done(c.command)))) {
      plan.edits.push(ctx.fix.insertBefore(runs[0].ins, ctx.fix.block([setup.line]), msg('cache-setup', { tool: tool.name })));
    }
    for (const r of runs) {
      const have = mounted(r.ins);
      const missing = tool.targets.filter((t) => !have.has(t.path));
      if (missing.length === 0) continue;
      const command = r.commands.find((c) => tool.uses(c.command))!.command;
      const targets = missing.map((t) => t.path).join(', ');
      plan.edits.push(ctx.fix.insertFlag(r.ins, missing.map(mountFlag).join(' '), msg('cache-mount', { targets, command: [command.name, ...command.args].join(' ').slice(0, 40) })));
    }
  }
  return plan;
}

function addCacheMounts(ctx: TransformContext): TransformOutcome {
  const { model } = ctx;
  const last = finalStage(model);
  const edits: Edit[] = [];
  const notes: Message[] = [];
  // Stages built on the final image (a `debug` stage) are images people run too: they keep what they install.
  const images = new Set([last]);
  for (const stage of model.stages) if ([...images].some((i) => i.name !== null && i.name.toLowerCase() === stage.image.toLowerCase())) images.add(stage);
  for (const stage of model.stages) {
    if (images.has(stage)) continue;
    const later = model.instructions.filter((i) => i.stage > stage.index);
    const plan = planStage(ctx, ctx.factsOf(stage), later);
    edits.push(...plan.edits);
    notes.push(...plan.notes);
  }
  return { edits, notes };
}

const transform: Transform = {
  meta: {
    id: 'add-cache-mounts',
    description: 'Give package-manager installs in builder stages a BuildKit cache mount, so rebuilds reuse downloads',
    safety: 'safe',
    kind: 'cache-mounts',
  },
  apply: addCacheMounts,
};

export default transform;
