// analyze(model, project) → Facts: what the final stage is built from, where the app lives, what every RUN
// does, which ecosystem and package manager are in use, and the runtime facts (ports, user, privilege drops).
import { finalStage, type Instruction, type Model, type Stage } from '../model/model.ts';
import { positional, splitShell } from '../model/shell.ts';
import { measured, type Profiler } from '../pipeline/profile.ts';
import type { Ecosystem } from './ecosystem.ts';
import { ECOSYSTEMS } from './ecosystems/index.ts';
import { parseImage, type ImageRef } from './images.ts';
import type { Project } from './project.ts';
import { classifyRun, resolvePath, type Classifier, type RunFacts } from './roles.ts';

export interface Facts {
  readonly model: Model;
  readonly project: Project;
  /** The stage that becomes the image (the last one). */
  readonly stage: Stage;
  readonly base: ImageRef;
  /** WORKDIR in force at each instruction of the stage (absolute, or null when none was set). */
  readonly workdirAt: ReadonlyMap<Instruction, string | null>;
  /** WORKDIR at the end of the stage. */
  readonly workdir: string | null;
  /** The folder the application is copied to (final WORKDIR, or the destination of a wholesale COPY). */
  readonly appDir: string | null;
  /** COPY/ADD instructions that copy the whole context (`COPY . .`). */
  readonly sourceCopies: readonly Instruction[];
  readonly runs: readonly RunFacts[];
  readonly ecosystem: Ecosystem | null;
  readonly packageManager: string | null;
  /** Ports from EXPOSE, as numbers (unresolved variables left out). */
  readonly ports: readonly number[];
  /** The last USER of the stage (null: root by default). */
  readonly user: string | null;
  /** ENV/ARG values in force at the end of the stage (ENV KEY=value, simple forms). */
  readonly env: ReadonlyMap<string, string>;
}

const WHOLESALE = new Set(['.', './', '*', './*']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function copySources(ins: Instruction): string[] {
  if (ins.json) return ins.json.slice(0, -1);
  return positional(ins.args.trim().split(/\s+/)).slice(0, -1);
}

export function copyDest(ins: Instruction): string {
  if (ins.json) return ins.json[ins.json.length - 1] ?? '';
  const parts = ins.args.trim().split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

export const isWholesaleCopy = (ins: Instruction): boolean =>
  (ins.keyword === 'COPY' || ins.keyword === 'ADD') &&
  !ins.flags.some((f) => f.name.toLowerCase() === 'from') &&
  !ins.heredoc &&
  copySources(ins).some((s) => WHOLESALE.has(s));

/** RUN classifications shared across the models of one conversion, by the RUN's raw arguments. */
export type RunMemo = Map<string, { readonly workdir: string | null; readonly appDir: string | null; readonly heredoc: boolean; readonly run: RunFacts }[]>;

/** `runMemo`: RUN classifications shared across the models of one conversion (see the call in the pipeline). */
export function analyze(model: Model, project: Project, stage: Stage = finalStage(model), profile?: Profiler, runMemo?: RunMemo): Facts {
  const base = parseImage(resolveFromArgs(model, stage.image));
  const workdirAt = new Map<Instruction, string | null>();
  const env = new Map<string, string>();
  let wd: string | null = null;
  let user: string | null = null;
  const ports: number[] = [];
  const sourceCopies: Instruction[] = [];
  let copyDir: string | null = null;
  for (const ins of stage.instructions) {
    workdirAt.set(ins, wd);
    if (ins.keyword === 'WORKDIR') wd = resolvePath(ins.args.trim().replace(/^["']|["']$/g, ''), wd);
    else if (ins.keyword === 'USER') user = ins.args.trim();
    else if (ins.keyword === 'ENV') for (const [k, v] of ins.pairs) env.set(k, v);
    else if (ins.keyword === 'EXPOSE') {
      for (const p of ins.args.trim().split(/\s+/)) if (/^\d+(\/\w+)?$/.test(p)) ports.push(parseInt(p, 10));
    } else if (isWholesaleCopy(ins)) {
      sourceCopies.push(ins);
      copyDir ??= resolvePath(copyDest(ins), wd);
    }
  }
  const appDir = wd ?? (copyDir && copyDir !== '/' ? copyDir.replace(/\/$/, '') : null);
  const classifiers: Classifier[] = ECOSYSTEMS.map((e) => e.classify);
  const split = profile ? (src: string) => measured(profile, 'shell', () => splitShell(src)) : splitShell;
  const runs = stage.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => {
      const workdir = workdirAt.get(i) ?? null;
      if (!runMemo) return classifyRun(i, workdir, appDir, classifiers, split);
      // The same RUN text in the same folders classifies the same: a re-parse after an edit elsewhere reuses it.
      // Keyed by the RUN's own text (no joined key string to build and hash: words and exec form follow from it
      // in one file), the folders compared after.
      let seen = runMemo.get(i.rawArgs);
      const known = seen?.find((r) => r.workdir === workdir && r.appDir === appDir && r.heredoc === i.heredoc);
      if (known) return { ...known.run, ins: i, packages: known.run.packages.map((p) => ({ ...p, line: i.line })) };
      const run = classifyRun(i, workdir, appDir, classifiers, split);
      if (!seen) runMemo.set(i.rawArgs, (seen = []));
      seen.push({ workdir, appDir, heredoc: i.heredoc, run });
      return run;
    });
  // One object, completed in place once the detectors have read it (no copy per stage analysed).
  const facts: Mutable<Facts> = { model, project, stage, base, workdirAt, workdir: wd, appDir, sourceCopies, runs, ports, user, env, ecosystem: null, packageManager: null };
  for (const e of ECOSYSTEMS) {
    const pm = e.detect(facts);
    if (pm !== null) {
      facts.ecosystem = e;
      facts.packageManager = pm;
      break;
    }
  }
  return facts;
}

/** `FROM ${BASE}` with a global `ARG BASE=node:20` → `node:20` (a default-less ARG stays as written). */
export function resolveFromArgs(model: Model, image: string): string {
  return image.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    for (const a of model.globalArgs) {
      const [k, v] = a.pairs[0] ?? [];
      if (k === name && v) return v;
    }
    return whole;
  });
}
