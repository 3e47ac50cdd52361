// Whether the final stage can be split into builder + runtime, and the ecosystem's plan for it: the gate
// split-stages asks before it lays anything out. The reasons are the user's: they say what stops the split.
import { msg, type Message } from '../messages.ts';
import type { Options } from '../options.ts';
import type { Facts, RunFacts, SplitPlan } from './contract.ts';
import { isInside } from '../model/paths.ts';
import { SCRATCH } from './fetch.ts';
import { installLine } from './packages.ts';
import { runtimeBase } from './runtime-base.ts';

export interface ReadyPlan extends SplitPlan {
  /** The RUN line that installs `runtimePackages` in the runtime image, or null when there are none. */
  readonly install: string | null;
  /** Runtime packages carried only because nothing says they are build-only: the reviewer decides. */
  readonly keptPackages: readonly string[];
  /** Package sources and keys the RUNs added: copied from the builder before the runtime installs. */
  readonly sources: readonly string[];
  /** Files the RUNs left outside the app folder (tools, unpacked folders, install prefixes): copied after the handover. */
  readonly copies: readonly string[];
  /** Why the runtime stands on the builder's own base image (an installer ran), or null. */
  readonly sameBase: string | null;
}

/** Where each distro family keeps its package sources and keys. */
const SOURCES: Readonly<Record<string, RegExp>> = {
  debian: /^\/(etc\/apt|usr\/share\/keyrings)(\/|$)/,
  alpine: /^\/etc\/apk(\/|$)/,
  rhel: /^\/etc\/(yum\.repos\.d|pki\/rpm-gpg)(\/|$)/,
};

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
  const own = eco.plan(facts, options);
  if ('skip' in own) return own.nothing ? { nothing: msg('nothing-to-split', { why: own.skip }) } : { skip: msg('split-unsafe', { why: own.skip }) };
  const left = leftBehind(facts, own);
  // Without an app folder the runtime can still get what the RUNs installed outside it (`make install`).
  if (!facts.appDir && (own.handover.length > 0 || left.copies.length === 0)) {
    return { skip: msg('split-unsafe', { why: 'no WORKDIR and the sources are not copied to a folder of their own' }) };
  }
  let plan: SplitPlan = own;
  if (left.sameBase && plan.runtime.image !== facts.base.raw) {
    // An installer changed the builder's system: the runtime stands on the same base image and runs it again.
    const same = runtimeBase(facts.base, 'same-image', undefined, { shell: true });
    if ('skip' in same) return { skip: msg('split-unsafe', { why: same.skip }) };
    plan = { ...plan, runtime: same, why: `the same base image without the build, because ${left.sameBase}`, policyNote: options.runtimeBase ? `--runtime-base ${options.runtimeBase} not used: ${left.sameBase}` : plan.policyNote };
  }
  const runtime = plan.runtime;
  // An image of no known distro (the builder's own, kept) installs with the tool the original used.
  const manager = runtime.distro === 'alpine' ? 'apk' : runtime.distro === 'rhel' ? 'yum' : runtime.distro === 'unknown' ? (facts.system.manager ?? 'apt') : 'apt';
  const handed = new Set(plan.handover);
  return {
    plan: {
      ...plan,
      install: plan.runtimePackages.length > 0 ? installLine(manager, plan.runtimePackages, runtime.image) : null,
      keptPackages: facts.system.kept.filter((p) => plan.runtimePackages.includes(p)),
      sources: plan.runtimePackages.length > 0 ? left.sources : [],
      copies: left.copies.filter((c) => ![...handed].some((h) => isInside(c, h))),
      sameBase: left.sameBase,
    },
  };
}

/** What the stage's RUNs leave outside the app folder, besides the plan's handover (RUNs that stay in the builder aside). */
function leftBehind(facts: Facts, plan: SplitPlan): { sources: string[]; copies: string[]; sameBase: string | null } {
  const builderOnly = new Set(plan.builderOnly ?? []);
  const runs: RunFacts[] = facts.runs.filter((r) => !builderOnly.has(r.ins));
  const family = SOURCES[facts.distro];
  const sources = [...new Set(runs.flatMap((r) => r.runtime.sources))].filter((s) => family?.test(s));
  // A folder copied whole covers the paths inside it.
  // What the start command names among the downloads and scratch folders goes along, whatever the RUN's role.
  const fetched = runs.flatMap((r) => r.commands.flatMap((c) => c.fetches ?? []));
  const named = [...facts.entry.words, ...facts.entry.healthcheck.split(/\s+/)]
    .filter((w) => w.startsWith('/') && !w.includes('$'))
    .flatMap((w) => {
      const hit = fetched.find((f) => isInside(w, f) || isInside(f, w));
      return hit ? [isInside(w, hit) ? hit : w] : SCRATCH.test(w) ? [w] : [];
    });
  const all = [...new Set([...runs.flatMap((r) => r.runtime.copies), ...named])].filter((c) => !facts.inApp(c));
  const copies = all.filter((c) => !all.some((o) => o !== c && isInside(c, o)));
  const within = sources.filter((s) => !sources.some((o) => o !== s && isInside(s, o)));
  return { sources: within, copies, sameBase: runs.find((r) => r.runtime.sameBase)?.runtime.sameBase ?? null };
}
