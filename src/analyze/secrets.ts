// Registry credentials a stage puts into its layers on the way to an install: a secret-looking build ARG that
// RUNs read (`ARG NPM_TOKEN` … `echo "…${NPM_TOKEN}" > .npmrc && npm ci`), and a credential file copied in from
// the context (`COPY .npmrc ./`, `COPY settings.xml /root/.m2/`). Each is a candidate for a BuildKit secret
// mount (`RUN --mount=type=secret`): the value reaches the install and no layer, history or cache keeps it.
// Analysis only says what is there and what stands in the way; transforms/secret-mounts.ts writes the edits.
import type { Instruction } from '../model/model.ts';
import { copySources, copyTarget, resolvePath, unquote } from '../model/paths.ts';
import type { Facts, RunFacts, SecretArg, SecretFile, SecretSource, SecretUse } from './contract.ts';
import { credentialFile, holdsCredential } from './credentials.ts';



/** A secret as `docker build` is given it (`--secret id=npmrc,src=.npmrc`). */
const source = (id: string, from: { env: string } | { src: string }): SecretSource => ({ id, ...from, flag: `--secret id=${id},${'env' in from ? `env=${from.env}` : `src=${from.src}`}` });

const ROOT = /^(root|0)(:(root|0))?$/;
const READS = (name: string): RegExp => new RegExp(`\\$\\{?${name}\\b`);

/** Why RUN text cannot take a shell prefix: not a POSIX shell's, or not a plain command list. */
function shellBlocker(facts: Facts, run: RunFacts): string | null {
  if (run.ins.json) return `the RUN at line ${run.ins.line} is in exec form`;
  if (run.ins.heredoc) return `the RUN at line ${run.ins.line} is a heredoc`;
  if (run.script.opaque) return `the RUN at line ${run.ins.line} has shell this tool does not follow`;
  if (facts.windows || facts.stage.instructions.some((i) => i.keyword === 'SHELL')) return 'the stage sets its own SHELL';
  return null;
}

const installs = (run: RunFacts): boolean => run.commands.some((c) => c.role === 'dep-install' || c.role === 'build');

function secretArgs(facts: Facts): SecretArg[] {
  const out: SecretArg[] = [];
  const declared = facts.stage.instructions.filter((i) => i.keyword === 'ARG');
  const names = [...new Set(declared.flatMap((i) => i.pairs.map(([k]) => k)))].filter((n) => facts.envKind(n) === 'secret');
  for (const name of names) {
    const reads = READS(name);
    const runs = facts.runs.filter((r) => reads.test(r.ins.rawArgs));
    const other = facts.stage.instructions.find((i) => i.keyword !== 'RUN' && i.keyword !== 'ARG' && reads.test(i.rawArgs + i.flags.map((f) => f.value ?? '').join(' ')));
    if (runs.length === 0 && !other) continue;
    const args = declared.filter((i) => i.pairs.some(([k]) => k === name));
    const block = (why: string | null): SecretArg => ({ kind: 'arg', name, args, runs: [], line: args[0].line, source: source(name, { env: name }), blocked: why });
    // `ARG A B` declares two (the model reads it like `ENV A B`): one line cannot lose one of them.
    const shared = args.find((i) => i.pairs.length > 1 || i.args.trim().split(/\s+/).length > 1);
    if (shared) {
      out.push(block(`ARG at line ${shared.line} declares it together with other arguments`));
      continue;
    }
    const withDefault = args.find((i) => i.pairs.some(([k, v]) => k === name && v !== ''));
    if (withDefault) {
      out.push(block(`ARG at line ${withDefault.line} gives it a default value, which is in the Dockerfile anyway`));
      continue;
    }
    if (other) {
      out.push(block(`${other.keyword} at line ${other.line} uses it`));
      continue;
    }
    let blocked: string | null = null;
    const used: { run: RunFacts; writes: string[] }[] = [];
    for (const run of runs) {
      blocked ??= shellBlocker(facts, run);
      const writes: string[] = [];
      let written = false;
      let readAfter = false;
      for (const c of run.commands) {
        const text = [c.command.name, ...c.command.args, ...Object.values(c.command.env)].join(' ');
        if (written && (c.role === 'dep-install' || c.role === 'build')) readAfter = true;
        if (!reads.test(text) || c.command.writes.length === 0) continue;
        for (const w of c.command.writes) {
          const abs = resolvePath(w, run.workdir);
          if (!abs || abs.includes('$')) blocked ??= `the RUN at line ${run.ins.line} writes it to ${w}, a path this tool cannot tell`;
          else writes.push(abs);
        }
        written = true;
      }
      // A file written from the secret must be read by the same RUN: it is deleted when that RUN ends.
      if (written && !readAfter) blocked ??= `the file the RUN at line ${run.ins.line} writes from it is read by another RUN`;
      used.push({ run, writes });
    }
    out.push({ kind: 'arg', name, args, runs: used, line: args[0].line, source: source(name, { env: name }), blocked });
  }
  return out;
}

/** Where a COPY puts one of its sources (absolute), or null when that cannot be told. */
function landing(facts: Facts, copy: Instruction, from: string): string | null {
  const wd = facts.workdirAt.get(copy) ?? null;
  const dest = unquote(copy.json ? (copy.json[copy.json.length - 1] ?? '') : (copy.args.trim().split(/\s+/).pop() ?? ''));
  const abs = copyTarget(copy, wd);
  if (!abs || abs.includes('$')) return null;
  const name = from.replace(/\/+$/, '').split('/').pop()!;
  const intoFolder = dest.endsWith('/') || dest === '.' || copySources(copy).length > 1 || abs === wd;
  if (intoFolder) return `${abs.replace(/\/+$/, '')}/${name}`;
  // `COPY settings.xml /root/.m2/settings.xml`: a file path by its name; anything else may be a folder.
  return credentialFile(abs) ? abs : null;
}

function secretFiles(facts: Facts): SecretFile[] {
  const out: SecretFile[] = [];
  const ins = facts.stage.instructions;
  for (const copy of ins) {
    if ((copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || copy.flags.some((f) => f.name.toLowerCase() === 'from') || copy.heredoc) continue;
    for (const from of copySources(copy)) {
      const file = credentialFile(from);
      if (!file || /[*?[$]/.test(from)) continue;
      const rel = from.replace(/^\.\//, '');
      // A file that is secret only when it holds a credential is read from the context (none: not taken for one).
      if (!holdsCredential(file, facts.project.read(rel))) continue;
      const after = facts.runs.filter((r) => r.ins.index > copy.index && installs(r));
      if (after.length === 0) continue;
      const target = landing(facts, copy, from);
      // Before or after the installs, a copy of the whole context brings the file in again.
      const wholesale = facts.sourceCopies.length > 0;
      let blocked: string | null = null;
      if (copy.keyword === 'ADD') blocked = 'it is added by ADD';
      else if (copy.json) blocked = `the COPY at line ${copy.line} is in exec form`;
      else if (!target) blocked = `where the COPY at line ${copy.line} puts it cannot be told`;
      const later = ins.find((i) => i.index > after[after.length - 1].ins.index && i.keyword !== 'RUN' && target && i.rawArgs.includes(target));
      if (later) blocked ??= `line ${later.line} uses it after the installs`;
      const user = after.map((r) => facts.userAt.get(r.ins) ?? null).find((u) => u !== null && !ROOT.test(u));
      if (user) blocked ??= `the installs run as \`${user}\`, and a secret is mounted for root`;
      const notInstalls = facts.runs.find((r) => r.ins.index > copy.index && !installs(r) && target && r.ins.rawArgs.includes(file.name));
      if (notInstalls) blocked ??= `the RUN at line ${notInstalls.ins.line} reads it too`;
      out.push({ kind: 'file', file, copy, from, target: target ?? '', runs: after, wholesale, line: copy.line, source: source(file.id, { src: rel }), blocked });
    }
  }
  return out;
}

/** The registry credentials the stage puts into its layers on the way to an install, in file order. */
export function secretUses(facts: Facts): SecretUse[] {
  return [...secretArgs(facts), ...secretFiles(facts)].sort((a, b) => a.line - b.line);
}

/** The `--secret` flags of `docker build` for these sources (each once). */
export const secretFlags = (sources: readonly SecretSource[]): string[] => [...new Set(sources.map((s) => s.flag))];

/** The command that builds a file whose mounts read these secrets. */
export const buildCommand = (sources: readonly SecretSource[]): string => `docker build ${secretFlags(sources).join(' ')} .`;
