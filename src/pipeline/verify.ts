// The invariants of every output (DESIGN.md §5), one function each. A failed invariant makes the file an
// `error`: nothing is written. Each returns the problems found, in words a reviewer can act on.
import { validate } from 'dockerfile-utils';
import { FINAL_IMAGE_MOVED, FINAL_IMAGE_REPEATED } from '../analyze/contract.ts';
import { envKind, isBuildOnlyPackage, isWindowsStage } from '../analyze/index.ts';
import { isDevPackage, PACKAGE_MANAGERS } from '../analyze/packages.ts';
import { contextCopies } from '../analyze/context-files.ts';
import { dockerignoreMatcher, type Project } from '../analyze/project.ts';
import { finalPath, startupProblems } from '../analyze/startup.ts';
import { finalStage, type Instruction, type Model } from '../model/model.ts';
import { copySources, unquote } from '../model/paths.ts';
import { positional, splitShell } from '../model/shell.ts';
import { preservationProblems } from './bytes.ts';
import { measured, type Profiler } from './profile.ts';

const ROOT = /^(root|0)(:(root|0))?$/;

export interface VerifyInput {
  readonly input: Model;
  readonly output: Model;
  /** The final stage may stay root (a transform said why, or no transform makes it non-root). */
  readonly rootAllowed: boolean;
  /**
   * Final-stage instructions of the input that a transform replaced on purpose (`contractKey`s): they may be
   * missing from the output. Everything else of the contract is still required word for word.
   */
  readonly replaced?: readonly string[];
  /** Instructions (`contractKey`s, any stage of the input) whose text a transform rewrote on purpose: their lines may change. */
  readonly rewritten?: readonly string[];
  /** The build context (its listing is what the files invariant simulates); unknown: that invariant is skipped. */
  readonly project?: Project;
  /** Absolute paths of the original image that transforms left out on purpose and reported. */
  readonly keptOut?: readonly string[];
  /** Build-only or -dev packages a new runtime stage installs on purpose, reported (a -dev package whose runtime library is not known, a compiler an installer run again may use). */
  readonly keptPackages?: readonly string[];
  /** .dockerignore lines proposed with the change: what they leave out of the context is out on purpose. */
  readonly dockerignore?: readonly string[];
  readonly profile?: Profiler;
  /** Check the start-up invariant too (default true; the pipeline checks it first, to decline a split). */
  readonly startup?: boolean;
  /** Told when a third-party check could not run on this file (it threw): the other invariants still decide. */
  readonly unavailable?: (check: string, detail: string) => void;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** How an instruction of the final-image contract is named when a transform says it replaced it. */
export const contractKey = (ins: Instruction): string => `${ins.keyword} ${norm(ins.rawArgs)}`;

export function verify({ input, output, rootAllowed, replaced = [], rewritten = [], project, keptOut = [], keptPackages = [], dockerignore = [], profile, unavailable, startup = true }: VerifyInput): string[] {
  const intended = replacedIn(input, replaced);
  const keys = new Set(rewritten);
  const changed = new Set(keys.size ? input.instructions.filter((i) => keys.has(contractKey(i))) : []);
  return [
    ...nothingLost(input, output, intended, changed),
    ...(project?.known ? contextFilesKept(input, output, project, keptOut, dockerignore) : []),
    ...stageReferences(input, output),
    ...finalImageKept(input, output, intended),
    ...(rootAllowed ? [] : nonRoot(output)),
    ...newStageClean(input, output, keptPackages),
    ...validatorAgrees(input, output, profile, unavailable),
    ...(startup ? startsUp(input, output) : []),
    ...neverWorse(input, output),
  ];
}

/** The input's final-stage instructions that `replaced` names, each key used once. */
function replacedIn(input: Model, replaced: readonly string[]): Set<Instruction> {
  const left = [...replaced];
  const out = new Set<Instruction>();
  // The start command and ports of the final stage; ARGs and COPYs of any stage (a credential made a secret).
  const candidates = [...finalStage(input).instructions.filter((i) => ['CMD', 'ENTRYPOINT', 'EXPOSE'].includes(i.keyword)), ...input.instructions.filter((i) => i.keyword === 'ARG' || i.keyword === 'COPY')];
  for (const ins of candidates) {
    const k = left.indexOf(contractKey(ins));
    if (k === -1) continue;
    left.splice(k, 1);
    out.add(ins);
  }
  return out;
}

/** 1. No comment, instruction or parser directive of the input is lost, and untouched lines keep their bytes. */
function nothingLost(input: Model, output: Model, intended: ReadonlySet<Instruction>, rewritten: ReadonlySet<Instruction> = new Set()): string[] {
  const problems: string[] = [];
  const comments = new Map<string, number>();
  for (const c of output.comments) comments.set(norm(c.text), (comments.get(norm(c.text)) ?? 0) + 1);
  for (const c of input.comments) {
    const n = comments.get(norm(c.text)) ?? 0;
    if (n === 0) problems.push(`comment on line ${c.line} was lost`);
    else comments.set(norm(c.text), n - 1);
  }
  const count = (m: Model): Map<string, number> => {
    const k = new Map<string, number>();
    for (const i of m.instructions) k.set(i.keyword, (k.get(i.keyword) ?? 0) + 1);
    return k;
  };
  const before = count(input);
  const after = count(output);
  for (const ins of intended) before.set(ins.keyword, (before.get(ins.keyword) ?? 0) - 1);
  for (const [kw, n] of before) if ((after.get(kw) ?? 0) < n) problems.push(`a ${kw} instruction was lost`);
  // Directives stay as they were; the only one the tool may add is a `syntax` the input did not have.
  const named = (m: Model): string[] => m.directives.map((d) => `${d.name}=${d.value}`);
  const kept = named(output).filter((d, k) => !(d.startsWith('syntax=') && k === 0 && !input.directives.some((i) => i.name === 'syntax')));
  if (kept.join('\n') !== named(input).join('\n')) problems.push('parser directives changed');
  problems.push(...preservationProblems(input, output.text, new Set([...intended, ...rewritten])));
  return problems;
}

/** 2. Every `--from` names an earlier stage, and stage names are unique. */
function stageReferences(input: Model, output: Model): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const inputFroms = new Set(input.instructions.flatMap((i) => i.flags.filter((f) => f.name.toLowerCase() === 'from').map((f) => f.value)));
  for (const s of output.stages) {
    if (s.name) {
      if (names.has(s.name.toLowerCase())) problems.push(`stage name ${s.name} is used twice`);
      names.add(s.name.toLowerCase());
    }
    for (const ins of s.instructions) {
      for (const f of ins.flags) {
        if (f.name.toLowerCase() !== 'from' || !f.value || inputFroms.has(f.value)) continue;
        // An image reference (`busybox:1.36-musl`, `gcr.io/…:debug`): stage names never hold `:`, `/` or `@`.
        if (/[:/@]/.test(f.value)) continue;
        const ok = /^\d+$/.test(f.value) ? Number(f.value) < s.index : names.has(f.value.toLowerCase()) && s.name?.toLowerCase() !== f.value.toLowerCase();
        if (!ok) problems.push(`line ${ins.line}: --from=${f.value} names no earlier stage`);
      }
    }
  }
  return problems;
}

/** 3. The final stage keeps the final-image contract word for word, and every ENV the app may read. */
function finalImageKept(input: Model, output: Model, intended: ReadonlySet<Instruction>): string[] {
  const problems: string[] = [];
  const isContract = (kw: string): boolean => FINAL_IMAGE_MOVED.has(kw) || FINAL_IMAGE_REPEATED.has(kw);
  const outFinal = finalStage(output);
  // Looked up once per stage, not once per instruction: a file of thousands of LABELs stays linear.
  const contract = new Set(outFinal.instructions.filter((i) => isContract(i.keyword)).map(contractKey));
  let outEnv: Set<string> | undefined;
  for (const ins of finalStage(input).instructions) {
    if (isContract(ins.keyword) && !intended.has(ins) && !contract.has(contractKey(ins))) problems.push(`${ins.keyword} of line ${ins.line} is not in the final stage`);
    if (ins.keyword === 'ENV') {
      outEnv ??= new Set(outFinal.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => i.pairs.map(([k]) => k)));
      for (const [k, v] of ins.pairs) if (!outEnv.has(k) && ['runtime', 'baked-secret'].includes(envKind(k, v))) problems.push(`ENV ${k} is not in the final stage`);
    }
  }
  return problems;
}

/**
 * 7. Every file of the build context the original image had at a path is at that path in the converted image
 * (copied from the context again, or from a stage that had it there), or was left out for a reported reason.
 */
function contextFilesKept(input: Model, output: Model, project: Project, keptOut: readonly string[], dockerignore: readonly string[]): string[] {
  const before = contextCopies(finalStage(input), project);
  if (before.size === 0) return [];
  const outFinal = finalStage(output);
  const after = contextCopies(outFinal, project);
  // Copies from an earlier stage keep the path when source and destination are the same (the handover).
  const handed: string[] = [];
  for (const ins of outFinal.instructions) {
    if (ins.keyword !== 'COPY' || !ins.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
    const sources = copySources(ins).map((s) => s.replace(/\/$/, ''));
    const dest = unquote(ins.json ? (ins.json[ins.json.length - 1] ?? '') : ins.args.trim().split(/\s+/).pop() ?? '');
    for (const s of sources) if (s === dest.replace(/\/$/, '') || (dest.endsWith('/') && `${dest}${s.split('/').pop()}` === s)) handed.push(s);
  }
  const ignored = dockerignoreMatcher(dockerignore.length ? dockerignore.join('\n') : undefined);
  const under = (path: string, roots: readonly string[]): boolean => roots.some((r) => path === r || path.startsWith(r.endsWith('/') ? r : r + '/'));
  const problems: string[] = [];
  // A folder handed over in part (web/dist of web/) is checked entry by entry below it.
  const inside = (path: string, roots: readonly string[]): boolean => roots.some((r) => r.startsWith(path + '/'));
  const check = (path: string, source: string, depth: number): void => {
    if (after.get(path)?.source === source || under(path, handed) || under(path, keptOut) || ignored(source)) return;
    const children = depth < 8 && inside(path, handed) ? project.list(source) : [];
    if (children.length) {
      for (const c of children) check(`${path}/${c.replace(/\/$/, '')}`, `${source}/${c.replace(/\/$/, '')}`, depth + 1);
      return;
    }
    problems.push(`${source} from the build context is no longer at ${path} in the final image, and no reason was given`);
  };
  for (const [path, { source }] of before) check(path, source, 0);
  return problems.slice(0, 5);
}

/** 3b. The final stage runs as a non-root user. */
function nonRoot(output: Model): string[] {
  const lastUser = [...finalStage(output).instructions].reverse().find((i) => i.keyword === 'USER');
  return !lastUser || ROOT.test(lastUser.args.trim()) ? ['the final stage runs as root and no reason was given'] : [];
}

/** 4. A stage this tool created installs nothing build-only and carries no secret. */
function newStageClean(input: Model, output: Model, keptPackages: readonly string[]): string[] {
  // A final stage that was already there (an unsplit file that only got a debug stage after it) is not new.
  if (output.stages.length <= input.stages.length || finalStage(output).index < input.stages.length) return [];
  const problems: string[] = [];
  for (const ins of finalStage(output).instructions) {
    if (ins.keyword === 'RUN' && !ins.json) {
      for (const c of splitShell(ins.args).commands) {
        if (!PACKAGE_MANAGERS.test(c.name)) continue;
        const [, ...pkgs] = positional(c.args);
        const bad = pkgs.filter((p) => (isBuildOnlyPackage(p) || isDevPackage(p)) && !keptPackages.includes(p));
        if (bad.length) problems.push(`line ${ins.line}: build-only package ${bad.join(', ')} in the runtime stage`);
      }
    }
    if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
      // An ENV the original image carried with a value of its own stays (the app may read it); credentials do not.
      for (const [k, v] of ins.pairs) if (envKind(k, ins.keyword === 'ENV' ? v : undefined) === 'secret') problems.push(`line ${ins.line}: secret-looking ${ins.keyword} ${k} in the runtime stage`);
    }
  }
  return problems;
}

/**
 * 6. An independent validator finds nothing new. The output is validated first: the input (one more parse)
 * only matters when the output has errors that might have been there before.
 */
function validatorAgrees(input: Model, output: Model, profile: Profiler | undefined, unavailable: VerifyInput['unavailable']): string[] {
  const text = (m: unknown): string => (typeof m === 'string' ? m : String((m as { value?: string }).value));
  const errors = (t: string) => measured(profile, 'validate', () => validate(t)).filter((d) => d.severity === 1);
  // A validator that throws (dockerfile-ast 0.7.1 on a comment line with a backslash inside a continuation)
  // cannot judge this file: it says so, and the other invariants decide.
  const guarded = (t: string): ReturnType<typeof errors> | null => {
    try {
      return errors(t);
    } catch (e) {
      unavailable?.('dockerfile-utils', (e as Error)?.message ?? String(e));
      return null;
    }
  };
  const found = guarded(output.text);
  if (!found?.length) return [];
  const before = guarded(input.text);
  if (!before) return [];
  const problems: string[] = [];
  // An error the input already has is not new where a line carrying it is repeated (an ENV of the runtime stage).
  const seen = new Set(before.map((d) => text(d.message)));
  for (const d of found) if (!seen.has(text(d.message))) problems.push(`line ${d.range.start.line + 1}: ${text(d.message)}`);
  return problems;
}

/**
 * 8. Start-up: the program the final ENTRYPOINT/CMD and HEALTHCHECK start resolves in the final image, a shell
 * form has a shell, and the USER exists (as far as the base-image table knows). Problems the input already had
 * are not the conversion's.
 */
export function startsUp(input: Model, output: Model): string[] {
  const after = startupProblems(output, finalPath(input));
  if (!after.length) return [];
  const before = new Set(startupProblems(input).map((p) => p.key));
  return after.filter((p) => !before.has(p.key)).map((p) => p.text);
}

const LINUX_USER_COMMANDS = /\b(useradd|groupadd|adduser|addgroup|chown)\b/;

/**
 * 9. Never worse on what the tool does not understand: a Windows image gets no Linux user commands and no new
 * USER, and an image with ONBUILD triggers keeps its user (child images run the triggers as that user).
 */
function neverWorse(input: Model, output: Model): string[] {
  const inFinal = finalStage(input);
  const outFinal = finalStage(output);
  const userOf = (list: readonly Instruction[]): string => [...list].reverse().find((i) => i.keyword === 'USER')?.args.trim() ?? '';
  const problems: string[] = [];
  const windows = isWindowsStage(input, inFinal);
  if (windows) {
    const before = new Set(input.instructions.filter((i) => i.keyword === 'RUN').map((i) => norm(i.args)));
    for (const ins of output.instructions) {
      if (ins.keyword === 'RUN' && !before.has(norm(ins.args)) && LINUX_USER_COMMANDS.test(ins.args)) problems.push(`line ${ins.line}: Linux user commands on a Windows image`);
    }
  }
  if ((windows || input.instructions.some((i) => i.keyword === 'ONBUILD')) && userOf(outFinal.instructions) !== userOf(inFinal.instructions)) {
    problems.push(windows ? 'the USER of a Windows image was changed' : 'the USER of an image with ONBUILD triggers was changed (child images run the triggers as that user)');
  }
  return problems;
}
