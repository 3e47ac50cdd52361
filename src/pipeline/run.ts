// The pipeline: parse → (analyze → transform → apply)* → verify. Transforms run one after the other, each
// on a fresh parse of the previous one's output; the registry is passed in, never imported here. Facts are
// cached per model, so transforms that leave the text alone (and the idempotence pass) share one analysis.
import type { Facts } from '../analyze/contract.ts';
import { analyze, type RunMemo } from '../analyze/index.ts';
import { NO_PROJECT, type Project } from '../analyze/project.ts';
import type { SecretSource } from '../analyze/contract.ts';
import { buildCommand } from '../analyze/secrets.ts';
import { applyEdits, EditOverlapError } from '../edits/apply.ts';
import { createFixer } from '../edits/fixer.ts';
import { ConvertError } from '../errors.ts';
import { format, msg, type Message } from '../messages.ts';
import { finalStage, lineOf, type Model, type Stage } from '../model/model.ts';
import { parse } from '../model/parse.ts';
import type { ChangeKind, Options, Transform } from '../types.ts';
import { removeExplainComments, withExplainComments } from './explain.ts';
import { measured, type Profiler } from './profile.ts';
import { contractKey, startsUp, verify } from './verify.ts';

export type Status = 'converted' | 'unchanged' | 'skipped' | 'error';

export interface Change {
  readonly transform: string;
  /** The kind of change its transform makes (null for the pipeline's own, like removing explain comments). */
  readonly kind: ChangeKind | null;
  readonly message: Message;
  /** 1-based line in the text the transform was given. */
  readonly line: number;
}

export interface Note {
  readonly transform: string;
  readonly kind: ChangeKind | null;
  readonly message: Message;
  /** True for "would act, but declines" (a skip), false for "nothing to do". */
  readonly skipped: boolean;
}

/** A file of the build context that the conversion needs changed too (shown and written with the Dockerfile). */
export interface Companion {
  /** Relative to the build context. */
  readonly path: string;
  /** Its text before (null: the file does not exist yet). */
  readonly before: string | null;
  readonly after: string;
  /** The lines added at its end (the rest is the user's, untouched). */
  readonly lines: readonly string[];
  readonly header: string;
  readonly reason: Message;
}

export interface ConvertResult {
  readonly status: Status;
  readonly input: string;
  /** The converted text (the input when nothing changed or on error). */
  readonly output: string;
  readonly ecosystem: string | null;
  readonly packageManager: string | null;
  readonly changes: readonly Change[];
  /** The kinds of change made, in transform order (from the transforms' meta). */
  readonly kinds: readonly ChangeKind[];
  readonly notes: readonly Note[];
  /** Context files changed with the Dockerfile (the .dockerignore lines a reordered install needs). */
  readonly companions: readonly Companion[];
  /** Absolute paths of the original image the converted one leaves out on purpose (each reported in a note). */
  readonly keptOut: readonly string[];
  /** Why the file was skipped, left unchanged or failed. */
  readonly reason: Message | null;
  /**
   * Final-image instructions of the input the conversion replaced on purpose (CMD/ENTRYPOINT/EXPOSE, as
   * `contractKey`s: a start command rewritten for a distroless ENTRYPOINT, a server nginx replaces).
   */
  readonly replaced?: readonly string[];
  /** BuildKit secrets the converted file's mounts read (`--secret-mounts`): the build must be given them. */
  readonly secrets?: readonly SecretSource[];
  /** The command that builds the converted file when it needs more than `docker build .` (its `--secret`s). */
  readonly buildCommand?: string;
  /** For errors: the 1-based input line, when there is one. */
  readonly line?: number;
  /** For internal errors: the stack, shown with --debug. */
  readonly stack?: string;
}

export interface PipelineOptions extends Options {
  readonly project?: Project;
  /** Verify every output (default true). */
  readonly verify?: boolean;
  /** Comment each added, moved or changed line with its reason (explain.ts); without it, such comments are removed. */
  readonly explain?: boolean;
  /** Run the transforms on files that are already multi-stage too (set when the caller names the transforms). */
  readonly multiStage?: boolean;
  /** Timing hook for the bench: where the time of a conversion goes (profile.ts). */
  readonly profile?: Profiler;
}

interface Pass {
  readonly output: string;
  readonly model: Model;
  readonly changes: Change[];
  readonly notes: Note[];
  /** Keys (`contractKey`) of final-image instructions the transforms replaced on purpose. */
  readonly replaced: string[];
  /** Keys (`contractKey`) of instructions whose text a transform rewrote on purpose. */
  readonly rewritten: string[];
  /** .dockerignore lines the edits need. */
  readonly dockerignore: string[];
  /** Those of them that keep credential files out (secret mounts), for the header that says why. */
  readonly secretIgnore: string[];
  /** Absolute paths of the original image left out on purpose (reported). */
  readonly keptOut: string[];
  /** -dev packages a new runtime stage installs on purpose (reported). */
  readonly keptPackages: string[];
  /** BuildKit secrets the output reads. */
  readonly secrets: SecretSource[];
}

/** Facts of any stage of any model met during one conversion, each analysed once. */
type FactsOf = (model: Model, stage: Stage) => Facts;

function factsCache(project: Project, profile: Profiler | undefined): FactsOf {
  // A plain Map: it lives only as long as the conversion.
  const byModel = new Map<Model, Map<Stage, Facts>>();
  const runs: RunMemo = new Map();
  return (model, stage) => {
    let cache = byModel.get(model);
    if (!cache) byModel.set(model, (cache = new Map()));
    let f = cache.get(stage);
    if (!f) cache.set(stage, (f = measured(profile, 'analysis', () => analyze(model, project, stage, profile, runs))));
    return f;
  };
}

function runTransforms(model: Model, facts: FactsOf, transforms: readonly Transform[], options: PipelineOptions): Pass {
  const changes: Change[] = [];
  const notes: Note[] = [];
  const replaced: string[] = [];
  const rewritten: string[] = [];
  const dockerignore: string[] = [];
  const secretIgnore: string[] = [];
  const keptOut: string[] = [];
  const keptPackages: string[] = [];
  const secrets: SecretSource[] = [];
  const { profile } = options;
  // One fixer per model: transforms that leave the text alone hand the same model, and fixer, to the next one.
  let fix = createFixer(model);
  for (const t of transforms) {
    const current = model;
    if (fix.model !== current) fix = createFixer(current);
    const factsOf = (s: Stage): Facts => facts(current, s);
    const out = measured(profile, 'transforms', () =>
      t.apply({ model: current, facts: factsOf(finalStage(current)), factsOf, options, fix }),
    );
    if ('skip' in out) {
      notes.push({ transform: t.meta.id, kind: t.meta.kind, message: out.skip, skipped: true });
      continue;
    }
    for (const n of out.notes ?? []) notes.push({ transform: t.meta.id, kind: t.meta.kind, message: n, skipped: false });
    for (const n of out.declined ?? []) notes.push({ transform: t.meta.id, kind: t.meta.kind, message: n, skipped: true });
    for (const r of [...(out.replaced ?? []), ...(out.removed ?? [])]) replaced.push(contractKey(r));
    for (const r of out.rewritten ?? []) rewritten.push(contractKey(r));
    secrets.push(...(out.secrets ?? []));
    for (const l of out.dockerignore ?? []) if (!dockerignore.includes(l)) dockerignore.push(l);
    if (t.meta.kind === 'secret-mounts') secretIgnore.push(...(out.dockerignore ?? []));
    keptOut.push(...(out.keptOut ?? []));
    keptPackages.push(...(out.keptPackages ?? []));
    if (out.edits.length === 0) continue;
    let next: string;
    try {
      next = measured(profile, 'transforms', () =>
        keepNoFinalNewline(model, applyEdits(model.text, options.explain ? withExplainComments(model, out.edits) : out.edits)),
      );
    } catch (e) {
      if (e instanceof EditOverlapError) throw new ConvertError('edit-overlap', { transform: t.meta.id });
      throw e;
    }
    for (const e of out.edits) changes.push({ transform: t.meta.id, kind: t.meta.kind, message: e.reason, line: lineOf(model, e.range[0]) });
    if (next !== model.text) {
      try {
        model = measured(profile, 'parse', () => parse(next));
      } catch (e) {
        throw new ConvertError('verify-failed', { detail: `${t.meta.id} produced text that does not parse (${(e as Error).message})` });
      }
    }
  }
  return { output: model.text, model, changes, notes, replaced, rewritten, dockerignore, secretIgnore, keptOut, keptPackages, secrets };
}

/**
 * A file without a final newline keeps none: edit builders end their blocks with an EOL so that later blocks
 * at the same offset start on new lines, and the last one's EOL would otherwise be added to the user's file.
 */
function keepNoFinalNewline(model: Model, next: string): string {
  return model.finalNewline ? next : next.replace(/\r?\n$/, '');
}

/** The ecosystem of the last stage that has one (searched from the end: earlier stages need no analysis then). */
function ecosystemOf(model: Model, facts: FactsOf): Facts | null {
  for (let k = model.stages.length - 1; k >= 0; k--) {
    const f = facts(model, model.stages[k]);
    if (f.ecosystem) return f;
  }
  return null;
}

const errorResult = (text: string, e: unknown): ConvertResult => {
  const known = e instanceof ConvertError;
  return {
    status: 'error',
    input: text,
    output: text,
    ecosystem: null,
    packageManager: null,
    changes: [],
    kinds: [],
    notes: [],
    companions: [],
    keptOut: [],
    reason: known ? msg(e.id, e.values) : msg('internal-error', { detail: (e as Error)?.message ?? String(e) }),
    line: known ? e.line : undefined,
    stack: known ? undefined : (e as Error)?.stack,
  };
};

/**
 * An input that is already multi-stage was laid out by someone who chose its stages: it is left as it is unless
 * the caller named the transforms to run on it (DESIGN.md §3), so a fleet run does not turn every good
 * multi-stage file into a review. An opt-in transform whose flag is given is named too (`--cross-platform`).
 */
const forInput = (model: Model, transforms: readonly Transform[], options: PipelineOptions): readonly Transform[] =>
  model.stages.length > 1 && !options.multiStage ? transforms.filter((t) => t.meta.optIn?.multiStage === true && options[t.meta.optIn.option] === true) : transforms;

/** Converts one Dockerfile text. Never throws: problems come back as an `error` result. */
export function convertText(text: string, transforms: readonly Transform[], options: PipelineOptions = {}): ConvertResult {
  const project = options.project ?? NO_PROJECT;
  const { profile } = options;
  const facts = factsCache(project, profile);
  try {
    const original = measured(profile, 'parse', () => parse(text));
    // Explain comments of an earlier run go first (unless asked for again), so no transform sees them.
    const removed = options.explain ? [] : removeExplainComments(original);
    const input = removed.length ? measured(profile, 'parse', () => parse(applyEdits(text, removed))) : original;
    const active = forInput(input, transforms, options);
    const pass = runTransforms(input, facts, active, options);
    // A split whose runtime image would not start (start-up invariant) is not made, and neither is the rest: the
    // file is left as it is with the reason (a run without the split would give a file that splits next time).
    const startup = options.verify !== false && pass.output !== text ? measured(profile, 'verify', () => startsUp(input, pass.model)) : [];
    if (startup.length && pass.changes.some((c) => c.kind === 'split')) {
      const split = active.find((t) => t.meta.kind === 'split');
      const why = msg('split-unsafe', { why: `the runtime image would not start (${startup.join('; ')})` });
      const notes = [{ transform: split?.meta.id ?? 'split', kind: 'split' as const, message: why, skipped: true }, ...pass.notes.filter((n) => n.kind !== 'split')];
      const eco = ecosystemOf(input, facts);
      return { input: text, ecosystem: eco?.ecosystem?.id ?? null, packageManager: eco?.packageManager ?? null, notes, status: 'skipped', output: text, changes: [], kinds: [], reason: why, companions: [], keptOut: [] };
    }
    if (active.length < transforms.length) pass.notes.unshift({ transform: 'pipeline', kind: null, message: msg('already-multistage'), skipped: false });
    const changes = [...removed.map((e) => ({ transform: 'explain', kind: null, message: e.reason, line: lineOf(original, e.range[0]) })), ...pass.changes];
    const eco = ecosystemOf(input, facts);
    const base = { input: text, ecosystem: eco?.ecosystem?.id ?? null, packageManager: eco?.packageManager ?? null, notes: pass.notes };
    if (pass.output === text) {
      const skip = pass.notes.find((n) => n.skipped);
      const reason = skip?.message ?? pass.notes[0]?.message ?? null;
      return { ...base, status: skip ? 'skipped' : 'unchanged', output: text, changes: [], kinds: [], reason, companions: [], keptOut: [] };
    }
    if (options.verify !== false) {
      // Root is allowed when no transform makes the image non-root, or the one that would said why it did not.
      const userRan = active.some((t) => t.meta.kind === 'non-root');
      const rootAllowed = !userRan || pass.notes.some((n) => n.kind === 'non-root' && n.skipped);
      const unavailable = (check: string, detail: string): void =>
        void pass.notes.push({ transform: 'verify', kind: null, message: msg('check-unavailable', { check, detail }), skipped: false });
      const problems = measured(profile, 'verify', () => [
        ...verify({ input, output: pass.model, rootAllowed, replaced: pass.replaced, rewritten: pass.rewritten, project, keptOut: pass.keptOut, keptPackages: pass.keptPackages, dockerignore: pass.dockerignore, profile, unavailable, startup: false }),
        ...startup,
      ]);
      // The output's model and facts are reused: the same transforms run on it again must add no edit at all.
      const again = measured(profile, 'idempotence', () => runTransforms(pass.model, facts, active, options));
      if (again.output !== pass.output) problems.push('converting the output again changes it (not idempotent)');
      if (problems.length) throw new ConvertError('verify-failed', { detail: problems.join('; ') });
    }
    const kinds = [...new Set(pass.changes.flatMap((c) => (c.kind ? [c.kind] : [])))];
    // The build command the secret mounts need, said once for all of them (the summary, Markdown and SARIF show it).
    if (pass.secrets.length) pass.notes.push({ transform: 'secret-mounts', kind: 'secret-mounts', message: msg('secret-build', { command: buildCommand(pass.secrets) }), skipped: false });
    return { ...base, status: 'converted', output: pass.output, changes, kinds, reason: null, companions: companions(project, pass.dockerignore, pass.secretIgnore), keptOut: [...new Set(pass.keptOut)], ...(pass.replaced.length ? { replaced: pass.replaced } : {}), ...(pass.secrets.length ? { secrets: pass.secrets, buildCommand: buildCommand(pass.secrets) } : {}) };
  } catch (e) {
    return errorResult(text, e);
  }
}

export const describe = (m: Message): string => format(m.id, m.values);

const DOCKERIGNORE_HEADER = '# msd-convert: installs run before the sources are copied; local copies must not overwrite them';
const SECRET_HEADER = '# msd-convert: credential files reach the installs as BuildKit secrets, never a layer';

/**
 * The context's .dockerignore with the lines the edits need added at its end (the user's lines untouched). Lines
 * that only keep credential files out (`secret`) get a header of their own when they are all there is.
 */
function companions(project: Project, lines: readonly string[], secret: readonly string[] = []): Companion[] {
  if (lines.length === 0 || !project.known) return [];
  const before = project.dockerignore ?? null;
  const eol = before?.includes('\r\n') ? '\r\n' : '\n';
  const head = before === null || before === '' ? '' : before.endsWith('\n') ? `${before}${eol}` : `${before}${eol}${eol}`;
  const onlySecrets = lines.every((l) => secret.includes(l));
  const header = onlySecrets ? SECRET_HEADER : DOCKERIGNORE_HEADER;
  const after = `${head}${header}${eol}${lines.join(eol)}${eol}`;
  const reason = onlySecrets ? msg('dockerignore-secret', { lines: lines.join(', ') }) : msg('dockerignore-add', { lines: lines.join(', ') });
  return [{ path: '.dockerignore', before, after, lines, header, reason }];
}
