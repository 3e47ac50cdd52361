// secret-mounts: a registry credential that reaches an install through a build ARG or a copied credential file
// (`.npmrc`, `pip.conf`, `.netrc`, `.pypirc`, `settings.xml`, `NuGet.config`) becomes a BuildKit secret mounted
// for that install only (`RUN --mount=type=secret,id=…`): the ARG and the COPY go, files the RUN writes from the
// secret are deleted as it ends, and the result says how to build (`docker build --secret id=npmrc,src=.npmrc .`).
// Opt-in (`--secret-mounts`): the build command changes. Without it, each such credential is a note suggesting it.
import type { SecretArg, SecretFile, SecretSource, SecretUse } from '../src/analyze/contract.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg, type Message } from '../src/messages.ts';
import type { Instruction } from '../src/model/model.ts';
import { copySources } from '../src/model/paths.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

const what = (u: SecretUse): string => (u.kind === 'arg' ? `ARG ${u.name}` : `COPY of ${u.from}`);

/** What one RUN gets: mount flags, and shell that reads ARG secrets and deletes what was written from them. */
interface RunPlan {
  readonly ins: Instruction;
  mounts: string[];
  exports: string[];
  cleanup: string[];
  ids: string[];
}

/** `'…'` for the shell: single quotes, with a quote inside written as '\''. */
const quoted = (s: string): string => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function runText(p: RunPlan): string {
  const flags = p.mounts.map((m) => ` ${m}`).join('');
  const shell = [
    ...(p.exports.length ? [`export ${p.exports.join(' ')}`] : []),
    // Deleted when the RUN's shell exits, whatever the commands after it do: the layer never has the file.
    ...(p.cleanup.length ? [`trap ${quoted(`rm -f ${p.cleanup.map(quoted).join(' ')}`)} EXIT`] : []),
  ];
  return flags + (shell.length ? ` ${shell.join(' && ')} &&` : '');
}

/** After the RUN's own flags: one insertion, so the user's words stay as they were. */
function insertAt(ins: Instruction): number {
  const last = ins.flags[ins.flags.length - 1];
  return last ? last.range[1] : ins.range[0] + ins.keyword.length;
}

/** A COPY loses the credential file: the whole line when it is its only source, else that one word. */
function dropSource(ctx: TransformContext, u: SecretFile, reason: Message): Edit {
  if (copySources(u.copy).length === 1) return ctx.fix.remove(u.copy, reason);
  const args = u.copy.args;
  const re = new RegExp(`(^|\\s)(${u.from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=\\s)`);
  const m = re.exec(args)!;
  const start = u.copy.argsRange![0] + m.index + m[1].length;
  // The word and the blank after it.
  let end = start + m[2].length;
  while (/[ \t]/.test(ctx.model.text[end])) end++;
  return ctx.fix.replace([start, end], '', reason);
}

function secretMounts(ctx: TransformContext): TransformOutcome {
  const uses = ctx.model.stages.flatMap((s) => ctx.factsOf(s).secretUses());
  if (uses.length === 0) return { edits: [] };
  if (!ctx.options.secretMounts) {
    return { edits: [], notes: uses.map((u) => msg('secret-suggest', { what: what(u), line: u.line, flag: u.source.flag })) };
  }
  const edits: Edit[] = [];
  const notes: Message[] = [];
  const removed: Instruction[] = [];
  const sources: SecretSource[] = [];
  const dockerignore: string[] = [];
  const keptOut: string[] = [];
  const runs = new Map<Instruction, RunPlan>();
  const plan = (ins: Instruction): RunPlan => {
    let p = runs.get(ins);
    if (!p) runs.set(ins, (p = { ins, mounts: [], exports: [], cleanup: [], ids: [] }));
    return p;
  };
  // A file copied under one id from two places cannot be given twice: the first one wins, the other is reported.
  const ids = new Map<string, string>();
  for (const u of uses) {
    const clash = ids.get(u.source.id);
    const blocked = u.blocked ?? (clash !== undefined && clash !== (u.source.src ?? u.source.env) ? `the secret id \`${u.source.id}\` is taken by another file` : null);
    if (blocked) {
      notes.push(msg('secret-not-mounted', { what: what(u), line: u.line, why: blocked }));
      continue;
    }
    ids.set(u.source.id, u.source.src ?? u.source.env ?? '');
    if (u.kind === 'file' && u.wholesale && ctx.options.dockerignore === false) {
      notes.push(msg('secret-not-mounted', { what: what(u), line: u.line, why: 'the sources are copied whole and the .dockerignore line that keeps the file out was not allowed (--no-dockerignore)' }));
      continue;
    }
    sources.push(u.source);
    if (u.kind === 'arg') planArg(u, plan, edits, removed, ctx);
    else planFile(u, plan, edits, removed, dockerignore, keptOut, ctx);
  }
  for (const p of runs.values()) {
    const reason = msg('secret-mount-run', { ids: p.ids.join(', '), line: p.ins.line, cleanup: p.cleanup.length ? `; the RUN deletes ${p.cleanup.join(', ')} (written from the secret) as it ends` : '' });
    const at = insertAt(p.ins);
    edits.push(ctx.fix.replace([at, at], runText(p), reason));
  }
  return { edits, notes, removed, secrets: sources, dockerignore, keptOut };
}

function planArg(u: SecretArg, plan: (ins: Instruction) => RunPlan, edits: Edit[], removed: Instruction[], ctx: TransformContext): void {
  for (const a of u.args) {
    edits.push(ctx.fix.remove(a, msg('secret-arg-removed', { name: u.name, id: u.source.id })));
    removed.push(a);
  }
  for (const { run, writes } of u.runs) {
    const p = plan(run.ins);
    p.mounts.push(`--mount=type=secret,id=${u.source.id}`);
    p.exports.push(`${u.name}="$(cat /run/secrets/${u.source.id})"`);
    for (const w of writes) if (!p.cleanup.includes(w)) p.cleanup.push(w);
    p.ids.push(u.source.id);
  }
}

function planFile(u: SecretFile, plan: (ins: Instruction) => RunPlan, edits: Edit[], removed: Instruction[], dockerignore: string[], keptOut: string[], ctx: TransformContext): void {
  edits.push(dropSource(ctx, u, msg('secret-copy-removed', { file: u.from, id: u.source.id })));
  removed.push(u.copy);
  keptOut.push(u.target);
  // `COPY . .` would bring the file in again: the context leaves it out.
  if (u.wholesale) dockerignore.push(u.source.src!);
  for (const run of u.runs) {
    const p = plan(run.ins);
    p.mounts.push(`--mount=type=secret,id=${u.source.id},target=${u.target}`);
    p.ids.push(u.source.id);
  }
}

const transform: Transform = {
  meta: {
    id: 'secret-mounts',
    description: 'Pass registry credentials (build ARGs, .npmrc, pip.conf, .netrc, settings.xml, NuGet.config) to installs as BuildKit secrets (opt-in: --secret-mounts)',
    safety: 'review',
    optIn: { option: 'secretMounts', suggests: true, multiStage: true },
    kind: 'secret-mounts',
  },
  apply: secretMounts,
};

export default transform;
