// Whether the final stage can be split into builder + runtime, and the ecosystem's plan for it: the gate
// split-stages asks before it lays anything out. The reasons are the user's: they say what stops the split.
import { msg, type Message } from '../messages.ts';
import type { Options } from '../options.ts';
import type { Instruction } from '../model/model.ts';
import { copyDest, copyTarget, isInside, isWholesaleCopy, unquote } from '../model/paths.ts';
import { positional } from '../model/shell.ts';
import { carriedEnv, type CarriedEnv } from './base-images.ts';
import type { BuildPart, Facts, RunFacts, SplitPlan } from './contract.ts';
import { ECOSYSTEMS } from './ecosystems/index.ts';
import { contextCopies } from './context-files.ts';
import { SCRATCH } from './fetch.ts';
import { buildOnly } from './handover.ts';
import { parseImage, releaseOf } from './images.ts';
import { installLine, isDevPackage, isToolchain, PACKAGE_MANAGERS, runtimeLibrary } from './packages.ts';
import { runtimeBase } from './runtime-base.ts';

export interface ReadyPlan extends SplitPlan {
  /** The RUN line that installs `runtimePackages` in the runtime image, or null when there are none. */
  readonly install: string | null;
  /** Runtime packages carried only because nothing says they are build-only: the reviewer decides. */
  readonly keptPackages: readonly string[];
  /** Packages the runtime installs only because an installer it runs again may use them. */
  readonly installerPackages: readonly string[];
  /** -dev packages kept whole in the runtime because their runtime library is not known on this release. */
  readonly keptDev: readonly string[];
  /** Package sources and keys the RUNs added: copied from the builder before the runtime installs. */
  readonly sources: readonly string[];
  /** Files the RUNs left outside the app folder (tools, unpacked folders, install prefixes): copied after the handover. */
  readonly copies: readonly string[];
  /** Why the runtime stands on the builder's own base image (an installer ran), or null. */
  readonly sameBase: string | null;
  /** ENV of the builder image that the runtime image lacks and the app depends on (PATH folders, homes, locale). */
  readonly imageEnv: readonly CarriedEnv[];
  /** A part built with another ecosystem's tools in a stage of its own before the builder (a Node front end), or null. */
  readonly part: BuildPart | null;
}

/** Where each distro family keeps its package sources and keys. */
const SOURCES: Readonly<Record<string, RegExp>> = {
  debian: /^\/(etc\/apt|usr\/share\/keyrings)(\/|$)/,
  alpine: /^\/etc\/apk(\/|$)/,
  rhel: /^\/etc\/(yum\.repos\.d|pki\/rpm-gpg)(\/|$)/,
};

/** Folders of the system's own programs and settings: an app working there cannot be handed over apart from them. */
const SYSTEM_DIRS = /^\/(s?bin|lib(32|64)?|etc|var|usr(\/(s?bin|lib(32|64)?|share|include|libexec))?)\/?$/;

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
  const planned = eco.plan(facts, options);
  if ('skip' in planned) return planned.nothing ? { nothing: msg('nothing-to-split', { why: planned.skip }) } : { skip: msg('split-unsafe', { why: planned.skip }) };
  // Another ecosystem's part built in a stage of its own: its RUNs leave the builder, so nothing of them is replayed.
  const part = ECOSYSTEMS.filter((e) => e !== eco).map((e) => e.part?.(facts) ?? null).find((p) => p !== null) ?? null;
  // Of the part's own folder, handed over whole by a plan that cannot tell what it holds, the runtime needs the output.
  // A plan that took the whole app folder because of a RUN the part took away says so no more.
  const stale = part && planned.wholeFolder && part.moved.some((m) => planned.wholeFolder?.includes(`at line ${m.line} `));
  const withPart: SplitPlan = part
    ? {
        ...planned,
        builderOnly: [...(planned.builderOnly ?? []), ...part.moved],
        handover: planned.handover.map((h) => (h === part.dir && h !== facts.appDir ? part.output : h)),
        wholeFolder: stale ? undefined : planned.wholeFolder,
      }
    : planned;
  // Setup with the tools of another ecosystem the runtime does not get (`npm install -g gulp` next to a Python
  // back end) cannot run again there: it stays in the builder.
  const needed = eco.needsTools?.(facts) ?? [];
  const foreign = (c: RunFacts['commands'][number]): boolean => c.owner !== null && c.owner !== eco && c.owner.toolPackages !== undefined && !needed.includes(c.owner.id) && !c.owner.startsTools?.(facts);
  const foreignSetup = facts.runs.filter((r) => r.runtime.replay === 'all' && r.commands.some(foreign) && r.commands.every((c) => c.role !== 'system-config' || foreign(c)));
  const own: SplitPlan = foreignSetup.length ? { ...withPart, builderOnly: [...new Set([...(withPart.builderOnly ?? []), ...foreignSetup.map((r) => r.ins)])] } : withPart;
  // An app at the root of the file system (`WORKDIR /`) cannot be told from the system around it: handing it
  // over would copy the builder's whole file system, or every context file next to /bin and /etc.
  if (facts.appDir === '/') return { skip: msg('split-unsafe', { why: 'the app folder is the root of the file system (WORKDIR /): its files cannot be told from the system\'s' }) };
  if (facts.appDir && SYSTEM_DIRS.test(facts.appDir)) return { skip: msg('split-unsafe', { why: `the app folder is ${facts.appDir}, a folder of the system's own: its files cannot be told from the system's` }) };
  const left = runLeftovers(facts, own);
  // A package file installed together with compilers or headers (`apt-get install ./x.deb gcc`): running it
  // again would put them into the runtime.
  const ownBuilderOnly = new Set(own.builderOnly ?? []);
  const mixedInstall = facts.runs.find((r) => !ownBuilderOnly.has(r.ins) && r.runtime.replay !== 'none' && r.commands.some((c) => c.installer && PACKAGE_MANAGERS.test(c.command.base) && positional(c.command.args).slice(1).some((p) => isToolchain(p) || isDevPackage(p))));
  if (mixedInstall) return { skip: msg('split-unsafe', { why: `the RUN at line ${mixedInstall.ins.line} installs a package file together with build-only packages, which the runtime would install again` }) };
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
  // An installer run again may use any tool installed before it (a compiler for `cpanm`, `unzip` for a script):
  // the runtime installs what the builder had by then, build-only packages included.
  const forInstallers = left.sameBase ? installedBefore(facts, own) : [];
  const extra = forInstallers.filter((p) => !plan.runtimePackages.includes(p));
  if (extra.length) {
    // A -dev package kept whole brings its library: the library's own name (of one release) is not needed.
    const release = releaseOf(facts.root.ref);
    const implied = new Set(extra.filter(isDevPackage).flatMap((p) => runtimeLibrary(p, facts.system.manager ?? 'apt', release)?.split(' ') ?? []));
    plan = { ...plan, runtimePackages: [...plan.runtimePackages.filter((p) => !implied.has(p)), ...extra] };
  }
  const runtime = plan.runtime;
  // An image of no known distro (the builder's own, kept) installs with the tool the original used.
  const manager = runtime.distro === 'alpine' ? 'apk' : runtime.distro === 'rhel' ? 'yum' : runtime.distro === 'unknown' ? (facts.system.manager ?? 'apt') : 'apt';
  // Named files a COPY put outside the app folder come along too (copiedOutside); the rest of what the context
  // put into the stage and the runtime does not get is reported (contextLeftBehind).
  const withOutside: SplitPlan = { ...plan, handover: [...plan.handover, ...copiedOutside(facts, plan)] };
  const handed = new Set(withOutside.handover);
  const ownEnv = new Set([...facts.stage.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => i.pairs.map(([k]) => k)), ...plan.runtimeEnv.map((l) => /^ENV\s+(\w+)/.exec(l)?.[1] ?? '')]);
  const landed = [...withOutside.handover.map((p) => plan.handoverTo?.[p] ?? p), ...left.copies];
  const clashes = clashingSetup(facts, withOutside, landed);
  if ('skip' in clashes) return { skip: msg('split-unsafe', { why: clashes.skip }) };
  return {
    plan: {
      ...withOutside,
      builderOnly: [...(withOutside.builderOnly ?? []), ...clashes.dropped],
      keptOut: [
        ...(plan.keptOut ?? []),
        ...contextLeftBehind(facts, withOutside),
        ...facts.stage.instructions.flatMap((i) => scratchCopy(i, facts) ?? []).map((entry) => ({ entry, why: 'sources copied to a scratch folder for the build' })),
      ].map((k) =>
        part && facts.inApp(`${facts.appDir}/${k.entry}`) && isInside(`${facts.appDir}/${k.entry}`, part.dir) ? { ...k, why: `built by \`${part.name}\` into ${part.output}` } : k,
      ),
      install: plan.runtimePackages.length > 0 ? installLine(manager, plan.runtimePackages, runtime.image) : null,
      keptPackages: facts.system.kept.filter((p) => plan.runtimePackages.includes(p)),
      installerPackages: extra,
      keptDev: facts.system.devKept.filter((p) => plan.runtimePackages.includes(p)),
      sources: plan.runtimePackages.length > 0 ? left.sources : [],
      copies: left.copies.filter((c) => ![...handed].some((h) => isInside(c, h))),
      sameBase: left.sameBase,
      imageEnv: carriedEnv(facts.root.ref, parseImage(runtime.image), landed, `${facts.entry.text} ${facts.entry.healthcheck}`, ownEnv),
      part,
    },
  };
}

/**
 * Setup the runtime would run again over files it copies from the builder: `mkdir /opt/x` after a copy made
 * /opt/x fails, `rm -rf /srv/www` would delete what was copied. The copy already holds that setup's effect, so
 * a RUN whose setup is only such commands is not run again (`dropped`); one that mixes them with other setup
 * cannot be split apart here.
 */
function clashingSetup(facts: Facts, plan: SplitPlan, landed: readonly string[]): { dropped: Instruction[] } | { skip: string } {
  const builderOnly = new Set(plan.builderOnly ?? []);
  const dropped: Instruction[] = [];
  for (const r of facts.runs) {
    if (r.runtime.replay === 'none' || builderOnly.has(r.ins)) continue;
    const hit = (c: RunFacts['commands'][number]): boolean => c.role === 'system-config' && (c.clashes ?? []).some((t) => landed.some((l) => isInside(t, l) || isInside(l, t)));
    const clashing = r.commands.filter(hit);
    if (!clashing.length) continue;
    const setup = r.commands.filter((c) => c.role === 'system-config' && !c.places?.length);
    if (setup.every(hit)) dropped.push(r.ins);
    else {
      const c = clashing[0].command;
      return { skip: `the setup of the RUN at line ${r.ins.line} (\`${[c.name, ...c.args].join(' ').slice(0, 60)}\`) works on files the runtime copies from the builder, next to other setup` };
    }
  }
  return { dropped };
}

/** The packages installed up to the last installer the runtime runs again (groups deleted again aside). */
function installedBefore(facts: Facts, plan: SplitPlan): string[] {
  const builderOnly = new Set(plan.builderOnly ?? []);
  const last = facts.runs.filter((r) => !builderOnly.has(r.ins) && r.commands.some((c) => c.installer)).pop();
  if (!last) return [];
  const before = facts.runs.filter((r) => r.ins.line <= last.ins.line).flatMap((r) => r.packages.filter((p) => !p.virtual));
  return [...new Set(before.flatMap((p) => p.packages).filter((p) => !p.includes('$')))];
}

/** What the stage's RUNs leave outside the app folder, besides the plan's handover (RUNs that stay in the builder aside). */
function runLeftovers(facts: Facts, plan: SplitPlan): { sources: string[]; copies: string[]; sameBase: string | null } {
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

/**
 * Files the context put into the stage that the runtime will not have: not handed over, and not copied again
 * (copies outside the app folder are), each with why — a build-only class, else what the plan says the build
 * made of them. Paths inside the app folder are relative to it, others absolute.
 */
function contextLeftBehind(facts: Facts, plan: SplitPlan): { entry: string; why: string }[] {
  const app = facts.appDir;
  if (!app || plan.wholeFolder || !facts.project.known) return [];
  const taken = [...plan.handover, ...(plan.handoverFiles ?? [])];
  const known = new Set((plan.keptOut ?? []).map((k) => (k.entry.startsWith('/') ? k.entry : `${app}/${k.entry}`).replace(/\/$/, '')));
  const out: { entry: string; why: string }[] = [];
  // A folder part of which is handed over (web/ of web/dist) is reported by the entries it holds besides.
  const partly = (path: string): boolean => taken.some((t) => t.startsWith(path + '/'));
  const entries: [string, { source: string; ins: Instruction }][] = [];
  const expand = (path: string, c: { source: string; ins: Instruction }, depth: number): void => {
    const children = depth < 8 && partly(path) ? facts.project.list(c.source) : [];
    if (!children.length) entries.push([path, c]);
    for (const name of children) expand(`${path}/${name.replace(/\/$/, '')}`, { source: `${c.source}/${name.replace(/\/$/, '')}`, ins: c.ins }, depth + 1);
  };
  for (const [path, c] of contextCopies(facts.stage, facts.project)) expand(path, c, 0);
  for (const [path, { source, ins }] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    // Entries of the app folder are reported once, at their top level (below a folder handed over in part).
    const parts = facts.inApp(path) && path !== app ? path.slice(app.length + 1).split('/') : [];
    let depth = 1;
    while (depth < parts.length && partly(`${app}/${parts.slice(0, depth).join('/')}`)) depth++;
    const top = parts.length ? `${app}/${parts.slice(0, depth).join('/')}` : path;
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
 * under /etc), with an absolute destination, which means the same there; not a tool only the builder uses,
 * nor sources put in a scratch folder for the build.
 */
export function replayedCopy(ins: Instruction, facts: Facts, plan: Pick<SplitPlan, 'builderOnly'>): boolean {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || isWholesaleCopy(ins) || plan.builderOnly?.includes(ins)) return false;
  if (ins.flags.some((f) => f.name.toLowerCase() === 'from' && /^\d+$|^builder$/i.test(f.value ?? ''))) return false;
  const written = unquote(copyDest(ins));
  const dest = copyTarget(ins, facts.workdirAt.get(ins) ?? null);
  if (scratchCopy(ins, facts) !== null) return false;
  return written.startsWith('/') && !(dest && facts.inApp(dest));
}

/** Where a COPY/ADD of the context puts sources in a scratch folder (/usr/src, /tmp) for the build alone, or null. */
function scratchCopy(ins: Instruction, facts: Facts): string | null {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name.toLowerCase() === 'from')) return null;
  const dest = copyTarget(ins, facts.workdirAt.get(ins) ?? null);
  if (!dest || !SCRATCH.test(dest) || facts.inApp(dest)) return null;
  // …unless the start command names them.
  const started = [...facts.entry.words, ...facts.entry.healthcheck.split(/\s+/)].some((w) => w.startsWith('/') && (isInside(w, dest) || isInside(dest, w)));
  return started ? null : dest;
}
