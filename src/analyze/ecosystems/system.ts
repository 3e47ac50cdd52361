// Images that no language ecosystem claims but that still build: they install compilers, headers or `git`
// only to fetch and build something, or download tools with helpers the program does not need. The builder
// keeps all of it; the runtime is the same OS release (its plain flavour, or the builder's own image when it
// is no OS image) with the runtime packages, the files the RUNs left outside the app (copied), the app
// folder, and the system setup run again. Asked last: every language ecosystem knows its images better.
import { copyTarget } from '../../model/paths.ts';
import type { Options } from '../../options.ts';
import type { Ecosystem, Facts, Outcome, SplitPlan } from '../contract.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { distroBase } from '../runtime-base.ts';

/** Something in the stage exists only for the build: a build-only package, or a download that feeds it. */
function buildsSomething(facts: Facts): boolean {
  return facts.system.buildOnly || facts.runs.some((r) => r.commands.some((c) => c.role === 'fetch' || c.role === 'build'));
}

function detect(facts: Facts): string | null {
  if (!buildsSomething(facts)) return null;
  return facts.system.manager ?? 'none';
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const pkgs = facts.system;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const gain = pkgs.buildOnly || facts.runs.some((r) => r.commands.some((c) => c.role === 'fetch' && c.fetches?.length));
  if (!gain) return { skip: 'no build-only package and no download only the build uses: the image already is the runtime', nothing: true };
  // Compilers and tools that no RUN of the file uses are there for whoever runs the image (a CI or toolbox
  // image, a distcc or build service): taking them out would change what the image does.
  const builds = facts.runs.some((r) => r.commands.some((c) => c.role === 'build' || c.role === 'dep-install' || c.role === 'fetch' || (c.places?.length ?? 0) > 0));
  if (!builds) return { skip: 'nothing in the file builds with the compilers and tools it installs: they are for whoever runs the image', nothing: true };
  const packages = [...pkgs.packages, ...toolsNeeded(facts.entry)];
  const choice = distroBase(facts.base, options.runtimeBase, { shell: facts.entry.needsShell, packages: packages.length > 0 });
  if ('skip' in choice) return choice;
  const app = facts.appDir;
  const filled = app !== null && (facts.sourceCopies.length > 0 || facts.stage.instructions.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && facts.inApp(copyTarget(i, facts.workdirAt.get(i) ?? null))) || facts.runs.some((r) => r.commands.some((c) => c.role === 'app-local' || c.role === 'build')));
  return {
    runtime: choice,
    policyNote: choice.note,
    why: 'the same OS release without what only the build used (compilers, headers, downloads and sources)',
    builderBefore: [],
    builderAfter: [],
    handover: filled && app ? [app] : [],
    runtimeEnv: [],
    runtimePackages: [...new Set(packages)],
  };
}

export const system: Ecosystem = {
  id: 'system',
  classify: () => null,
  commands: /(?!)/,
  detect,
  manifests: () => ({ skip: 'no dependency manifests' }),
  plan,
};
