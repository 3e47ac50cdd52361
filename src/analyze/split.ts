// Whether the final stage can be split into builder + runtime, and the ecosystem's plan for it: the gate
// split-stages asks before it lays anything out. The reasons are the user's: they say what stops the split.
import { msg, type Message } from '../messages.ts';
import type { Options } from '../options.ts';
import type { Facts, SplitPlan } from './contract.ts';
import type { Instruction } from '../model/model.ts';
import { copyDest, copyTarget, isWholesaleCopy, unquote } from '../model/paths.ts';
import { carriedEnv, type CarriedEnv } from './base-images.ts';
import { contextCopies } from './context-files.ts';
import { buildOnly } from './handover.ts';
import { parseImage } from './images.ts';
import { installLine } from './packages.ts';

export interface ReadyPlan extends SplitPlan {
  /** The RUN line that installs `runtimePackages` in the runtime image, or null when there are none. */
  readonly install: string | null;
  /** Runtime packages carried only because nothing says they are build-only: the reviewer decides. */
  readonly keptPackages: readonly string[];
  /** ENV of the builder image that the runtime image lacks and the app depends on (PATH folders, homes, locale). */
  readonly imageEnv: readonly CarriedEnv[];
}

export type SplitDecision =
  | { readonly plan: ReadyPlan }
  /** Nothing to split (already small, already multi-stage): a note, not a skip. */
  | { readonly nothing: Message }
  /** A split is possible in principle but not safe here. */
  | { readonly skip: Message };

export function splitDecision(facts: Facts, options: Options): SplitDecision {
  const { model } = facts;
  if (model.stages.length > 1) return { nothing: msg('already-multistage') };
  if (facts.windows) return { skip: msg('windows-image') };
  if (facts.base.repo === 'scratch') return { nothing: msg('scratch-base') };
  if (model.instructions.some((i) => i.keyword === 'ONBUILD')) return { skip: msg('onbuild-present') };
  const eco = facts.ecosystem;
  if (!eco) return { skip: msg('unknown-ecosystem') };
  const unknown = facts.runs.find((r) => r.role === 'unknown');
  if (unknown) return { skip: msg('split-unsafe', { why: `cannot tell what ${unknown.why} at line ${unknown.ins.line} leaves in the image` }) };
  const plan = eco.plan(facts, options);
  if ('skip' in plan) return plan.nothing ? { nothing: msg('nothing-to-split', { why: plan.skip }) } : { skip: msg('split-unsafe', { why: plan.skip }) };
  if (!facts.appDir) return { skip: msg('split-unsafe', { why: 'no WORKDIR and the sources are not copied to a folder of their own' }) };
  const manager = plan.runtime.distro === 'alpine' ? 'apk' : plan.runtime.distro === 'rhel' ? 'yum' : 'apt';
  const withOutside = { ...plan, handover: [...plan.handover, ...copiedOutside(facts, plan)] };
  const own = new Set([...facts.stage.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => i.pairs.map(([k]) => k)), ...plan.runtimeEnv.map((l) => /^ENV\s+(\w+)/.exec(l)?.[1] ?? '')]);
  const landed = withOutside.handover.map((p) => plan.handoverTo?.[p] ?? p);
  return {
    plan: {
      ...withOutside,
      keptOut: [...(plan.keptOut ?? []), ...leftBehind(facts, withOutside)],
      install: plan.runtimePackages.length > 0 ? installLine(manager, plan.runtimePackages, plan.runtime.image) : null,
      keptPackages: facts.system.kept.filter((p) => plan.runtimePackages.includes(p)),
      imageEnv: carriedEnv(facts.root.ref, parseImage(plan.runtime.image), landed, `${facts.entry.text} ${facts.entry.healthcheck}`, own),
    },
  };
}

/**
 * Files the context put into the stage that the runtime will not have: not handed over, and not copied again
 * (copies outside the app folder are), each with why — a build-only class, else what the plan says the build
 * made of them. Paths inside the app folder are relative to it, others absolute.
 */
function leftBehind(facts: Facts, plan: SplitPlan): { entry: string; why: string }[] {
  const app = facts.appDir;
  if (!app || plan.wholeFolder || !facts.project.known) return [];
  const taken = [...plan.handover, ...(plan.handoverFiles ?? [])];
  const known = new Set((plan.keptOut ?? []).map((k) => (k.entry.startsWith('/') ? k.entry : `${app}/${k.entry}`).replace(/\/$/, '')));
  const out: { entry: string; why: string }[] = [];
  for (const [path, { source, ins }] of [...contextCopies(facts.stage, facts.project)].sort(([a], [b]) => a.localeCompare(b))) {
    // Entries of the app folder are reported once, at their top level.
    const top = facts.inApp(path) && path !== app ? `${app}/${path.slice(app.length + 1).split('/')[0]}` : path;
    if (known.has(top) || replayedCopy(ins, facts, plan) || taken.some((t) => t === path || path.startsWith(t.endsWith('/') ? t : t + '/'))) continue;
    known.add(top);
    const entry = top.startsWith(app + '/') ? top.slice(app.length + 1) : top;
    out.push({ entry, why: buildOnly(source.split('/').pop() ?? source, (p) => facts.project.read(p)) ?? plan.builtFrom ?? 'used by the build only' });
  }
  return out;
}

/**
 * Files named by a COPY/ADD with a relative destination outside the app folder (`COPY entrypoint.sh .` before
 * any WORKDIR): the runtime's WORKDIR differs, so the line cannot be repeated; they come from the builder at the
 * same path instead.
 */
function copiedOutside(facts: Facts, plan: SplitPlan): string[] {
  if (!facts.project.known || plan.wholeFolder === undefined && !facts.appDir) return [];
  const out: string[] = [];
  for (const [path, { ins }] of contextCopies(facts.stage, facts.project)) {
    if (isWholesaleCopy(ins) || plan.builderOnly?.includes(ins) || replayedCopy(ins, facts, plan) || facts.inApp(path)) continue;
    if (!plan.handover.some((t) => t === path || path.startsWith(t + '/'))) out.push(path);
  }
  return out;
}

/**
 * A COPY/ADD of named files that the runtime stage repeats word for word: outside the app folder (config
 * under /etc), with an absolute destination, which means the same there; not a tool only the builder uses.
 */
export function replayedCopy(ins: Instruction, facts: Facts, plan: Pick<SplitPlan, 'builderOnly'>): boolean {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || isWholesaleCopy(ins) || plan.builderOnly?.includes(ins)) return false;
  if (ins.flags.some((f) => f.name.toLowerCase() === 'from' && /^\d+$|^builder$/i.test(f.value ?? ''))) return false;
  const written = unquote(copyDest(ins));
  const dest = copyTarget(ins, facts.workdirAt.get(ins) ?? null);
  return written.startsWith('/') && !(dest && facts.inApp(dest));
}
