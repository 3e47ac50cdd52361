// The invariants of every output (DESIGN.md §5). A failed invariant makes the file an `error`: nothing is
// written. Returns the problems found, in words a reviewer can act on.
import { validate } from 'dockerfile-utils';
import { isBuildOnlyEnv, SECRET } from '../analyze/env.ts';
import { isBuildOnly, isDevPackage } from '../analyze/packages.ts';
import type { Message } from '../messages.ts';
import { finalStage, type Instruction, type Model, type Stage } from '../model/model.ts';
import { positional, splitShell } from '../model/shell.ts';
import { preservationProblems } from './bytes.ts';
import { measured, type Profiler } from './profile.ts';

/** Keywords whose instructions the final image keeps word for word. */
const CONTRACT = ['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'VOLUME', 'STOPSIGNAL', 'LABEL', 'SHELL'];
/** ENV that only steers a build, or looks like a secret: allowed to stay behind in a builder. */
const ROOT = /^(root|0)(:(root|0))?$/;

export interface VerifyInput {
  readonly input: Model;
  readonly output: Model;
  /** The final stage may stay root (a transform said why, or the user transform did not run). */
  readonly rootAllowed: boolean;
  /**
   * Final-stage instructions of the input that a change said it replaces (`KEYWORD args`, see `replacedBy`):
   * they may be missing from the output. Everything else of the contract is still required word for word.
   */
  readonly replaced?: readonly string[];
  readonly profile?: Profiler;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The only reason that lets an instruction of the final-image contract go: a server replaced on request. */
const REPLACES = 'split-server-replaced';

/** What the changes say they replaced, as `KEYWORD args` keys for `verify`. */
export const replacedBy = (reasons: readonly Message[]): string[] =>
  reasons.filter((m) => m.id === REPLACES).map((m) => `${m.values.keyword} ${norm(String(m.values.args))}`);

/** The input's final-stage instructions that `replaced` names, each key used once. */
function replacedIn(input: Model, replaced: readonly string[]): Set<Instruction> {
  const left = [...replaced];
  const out = new Set<Instruction>();
  for (const ins of finalStage(input).instructions) {
    const k = left.indexOf(`${ins.keyword} ${norm(ins.rawArgs)}`);
    if (k === -1 || !['CMD', 'ENTRYPOINT', 'EXPOSE'].includes(ins.keyword)) continue;
    left.splice(k, 1);
    out.add(ins);
  }
  return out;
}

export function verify({ input, output, rootAllowed, replaced = [], profile }: VerifyInput): string[] {
  const problems: string[] = [];
  const gone = replacedIn(input, replaced);
  // 1. Nothing of the input is lost.
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
  for (const ins of gone) before.set(ins.keyword, (before.get(ins.keyword) ?? 0) - 1);
  for (const [kw, n] of before) if ((after.get(kw) ?? 0) < n) problems.push(`a ${kw} instruction was lost`);
  // Directives stay as they were; the only one the tool may add is a `syntax` the input did not have.
  const named = (m: Model): string[] => m.directives.map((d) => `${d.name}=${d.value}`);
  const kept = named(output).filter((d, k) => !(d.startsWith('syntax=') && k === 0 && !input.directives.some((i) => i.name === 'syntax')));
  if (kept.join('\n') !== named(input).join('\n')) {
    problems.push('parser directives changed');
  }
  // ... and every line the tool did not mean to touch keeps its bytes.
  problems.push(...preservationProblems(input, output.text, gone));

  // 2. Stage references.
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
        const ok = /^\d+$/.test(f.value) ? Number(f.value) < s.index : names.has(f.value.toLowerCase()) && s.name?.toLowerCase() !== f.value.toLowerCase();
        if (!ok) problems.push(`line ${ins.line}: --from=${f.value} names no earlier stage`);
      }
    }
  }

  // 3. The final image contract.
  const inFinal = finalStage(input);
  const outFinal = finalStage(output);
  // Looked up once per stage, not once per instruction: a file of thousands of LABELs stays linear.
  const contract = new Set(outFinal.instructions.filter((i) => CONTRACT.includes(i.keyword)).map((i) => `${i.keyword} ${norm(i.rawArgs)}`));
  let outEnv: Set<string> | undefined;
  for (const ins of inFinal.instructions) {
    if (CONTRACT.includes(ins.keyword) && !gone.has(ins) && !contract.has(`${ins.keyword} ${norm(ins.rawArgs)}`)) problems.push(`${ins.keyword} of line ${ins.line} is not in the final stage`);
    if (ins.keyword === 'ENV') {
      outEnv ??= new Set(outFinal.instructions.filter((i) => i.keyword === 'ENV').flatMap((i) => i.pairs.map(([k]) => k)));
      for (const [k] of ins.pairs) if (!outEnv.has(k) && !isBuildOnlyEnv(k) && !SECRET.test(k)) problems.push(`ENV ${k} is not in the final stage`);
    }
  }
  const lastUser = [...outFinal.instructions].reverse().find((i) => i.keyword === 'USER');
  if (!rootAllowed && (!lastUser || ROOT.test(lastUser.args.trim()))) problems.push('the final stage runs as root and no reason was given');

  // 4. A stage this tool created installs nothing build-only and carries no secret.
  if (output.stages.length > input.stages.length) {
    for (const ins of outFinal.instructions) {
      if (ins.keyword === 'RUN' && !ins.json) {
        for (const c of splitShell(ins.args).commands) {
          if (!/^(apt-get|apt|apk|yum|dnf|microdnf)$/.test(c.name)) continue;
          const [, ...pkgs] = positional(c.args);
          const bad = pkgs.filter((p) => isBuildOnly(p) || isDevPackage(p));
          if (bad.length) problems.push(`line ${ins.line}: build-only package ${bad.join(', ')} in the runtime stage`);
        }
      }
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
        for (const [k] of ins.pairs) if (SECRET.test(k)) problems.push(`line ${ins.line}: secret-looking ${ins.keyword} ${k} in the runtime stage`);
      }
    }
  }

  // 6. An independent validator finds nothing new. The output is validated first: the input (one more parse)
  // only matters when the output has errors that might have been there before.
  const text = (m: unknown): string => (typeof m === 'string' ? m : String((m as { value?: string }).value));
  const errors = (t: string) => measured(profile, 'validate', () => validate(t)).filter((d) => d.severity === 1);
  const found = errors(output.text);
  if (found.length) {
    const seen = new Map<string, number>();
    for (const d of errors(input.text)) seen.set(text(d.message), (seen.get(text(d.message)) ?? 0) + 1);
    for (const d of found) {
      const n = seen.get(text(d.message)) ?? 0;
      if (n > 0) seen.set(text(d.message), n - 1);
      else problems.push(`line ${d.range.start.line + 1}: ${text(d.message)}`);
    }
  }
  return problems;
}
