// Whether the final stage can be split into builder + runtime, and the ecosystem's plan for it: the gate
// split-stages asks before it lays anything out. The reasons are the user's: they say what stops the split.
import { msg, type Message } from '../messages.ts';
import type { Options } from '../options.ts';
import type { Facts, SplitPlan } from './contract.ts';
import { installLine } from './packages.ts';

export interface ReadyPlan extends SplitPlan {
  /** The RUN line that installs `runtimePackages` in the runtime image, or null when there are none. */
  readonly install: string | null;
  /** Runtime packages carried only because nothing says they are build-only: the reviewer decides. */
  readonly keptPackages: readonly string[];
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
  return {
    plan: {
      ...plan,
      install: plan.runtimePackages.length > 0 ? installLine(manager, plan.runtimePackages, plan.runtime.image) : null,
      keptPackages: facts.system.kept.filter((p) => plan.runtimePackages.includes(p)),
    },
  };
}
