// A Node front end built next to another language's back end (issue 15, pattern 12): `cd frontend && npm ci &&
// npm run build` in a Python, Go or Java image. When the image never runs Node, the front end is built in a stage
// of its own (`frontend-build`, the same base image with the same Node install, so the same Node builds it) and
// the builder copies its output folder instead: the back end's builder no longer runs Node, and the runtime gets
// the build output where the back end reads it, without node_modules or Node.
import { isWholesaleCopy, copyTarget, isInside, resolvePath } from '../../model/paths.ts';
import type { Instruction } from '../../model/model.ts';
import type { BuildPart, CommandFacts, Facts, RunFacts } from '../contract.ts';
import type { Project } from '../project.ts';

/** Roles of other RUNs that may come before the part's last RUN: they write nothing the front end's build reads. */
const HARMLESS = new Set(['system-packages', 'system-config', 'dep-install', 'neutral']);

/** The build context seen from one of its folders (the front end's package.json is there). */
function within(project: Project, rel: string): Project {
  if (!rel) return project;
  const at = (p: string): string => `${rel}/${p}`.replace(/\/$/, '');
  return { known: project.known, read: (p) => project.read(at(p)), exists: (p) => project.exists(at(p)), list: (d) => project.list(d ? at(d) : rel) };
}

/** The folder each Node command of the RUN runs in (`cd web && npm ci` → /app/web), global installs aside. */
function nodeDirs(run: RunFacts, mine: (c: CommandFacts) => boolean): (string | null)[] {
  let wd = run.workdir;
  const out: (string | null)[] = [];
  for (const c of run.commands) {
    if (c.command.base === 'cd') wd = c.command.args[0] ? resolvePath(c.command.args[0], wd) : null;
    else if (mine(c) && c.role !== 'system-config') out.push(wd);
  }
  return out;
}

/**
 * The front end as a part of its own, or null when it cannot be separated for sure: RUNs that mix Node with
 * other commands, Node run in several folders, other builds before it (they may write what it reads), a build
 * output this tool cannot tell.
 */
export function nodePart(
  facts: Facts,
  opts: { readonly toolPackages: ReadonlySet<string>; readonly outputOf: (facts: Facts, words: readonly string[]) => readonly string[] | null },
): BuildPart | null {
  const app = facts.appDir;
  if (!app) return null;
  const mine = (c: CommandFacts): boolean => c.owner?.id === 'node';
  const runs = facts.runs.filter((r) => r.commands.some(mine));
  if (!runs.some((r) => r.commands.some((c) => mine(c) && c.role === 'build'))) return null;
  if (!runs.every((r) => r.commands.every((c) => mine(c) || c.command.base === 'cd' || c.role === 'neutral'))) return null;
  const dirs = new Set(runs.flatMap((r) => nodeDirs(r, mine)));
  const [dir] = dirs;
  if (dirs.size !== 1 || !dir || !facts.inApp(dir)) return null;
  const list = facts.stage.instructions;
  const last = Math.max(...runs.map((r) => list.indexOf(r.ins)));
  const own = new Set(runs.map((r) => r.ins));
  // The RUNs that install Node itself; those that install nothing else leave the builder too.
  const installs = facts.runs.filter((r) => list.indexOf(r.ins) < last && r.packages.some((p) => p.packages.some((n) => opts.toolPackages.has(n))));
  const pure = installs.filter((r) => r.packages.every((p) => p.packages.every((n) => opts.toolPackages.has(n))) && r.commands.every((c) => c.role === 'system-packages' || c.role === 'neutral'));
  const runOf = new Map(facts.runs.map((r) => [r.ins, r]));
  const copies = (i: Instruction): boolean => {
    if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || i.flags.some((f) => f.name.toLowerCase() === 'from')) return false;
    const to = copyTarget(i, facts.workdirAt.get(i) ?? null);
    return (isWholesaleCopy(i) && isInside(dir, to)) || isInside(to, dir);
  };
  const part: Instruction[] = [];
  for (const i of list.slice(0, last + 1)) {
    if (i.keyword === 'RUN') {
      const r = runOf.get(i);
      if (own.has(i) || installs.some((x) => x.ins === i)) part.push(i);
      // Another build before the front end's may write files it reads.
      else if (!r || !HARMLESS.has(r.role)) return null;
    } else if (i.keyword === 'COPY' || i.keyword === 'ADD') {
      if (copies(i)) part.push(i);
    } else if (['ARG', 'ENV', 'WORKDIR', 'SHELL'].includes(i.keyword)) part.push(i);
  }
  // The front end's sources come from the context as a whole (its config may read files next to it).
  if (!part.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && isWholesaleCopy(i))) return null;
  const rel = dir === app ? '' : dir.slice(app.length + 1);
  const sub = { ...facts, project: within(facts.project, rel) };
  const outs = new Set<string>();
  for (const c of runs.flatMap((r) => r.commands).filter((k) => mine(k) && k.role === 'build')) {
    const o = opts.outputOf(sub, [c.command.name, ...c.command.args]);
    if (!o) return null;
    for (const x of o) outs.add(x);
  }
  const [out] = outs;
  if (outs.size !== 1 || !out || out.startsWith('.')) return null;
  return {
    name: 'frontend-build',
    instructions: part,
    moved: [...runs.map((r) => r.ins), ...pure.map((r) => r.ins)],
    output: `${dir}/${out}`,
    dir,
    what: `the Node front end in ${rel ? rel + '/' : 'the app folder'}`,
  };
}
