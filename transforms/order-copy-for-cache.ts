// order-copy-for-cache: when `COPY . .` comes before the dependency installs, copy the manifests first, run
// the installs, then copy the rest — so a source change no longer re-runs them. Each install's manifests are
// asked of the ecosystem that owns it (a Ruby stage may also run `npm ci`). The moved COPY is the user's own
// line; only the manifest COPY is new. Skips (with the reason) whenever an install may read more than manifests.
import type { CommandFacts, Facts, RunFacts } from '../src/analyze/contract.ts';
import type { Edit } from '../src/edits/apply.ts';
import type { Fixer } from '../src/edits/fixer.ts';
import { msg, type Message } from '../src/messages.ts';
import type { Instruction, Model } from '../src/model/model.ts';
import { copyDest, isWholesaleCopy, resolvePath, unquote } from '../src/model/paths.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

/** Instructions that may stand between the source COPY and the install without needing the sources. */
function passable(ins: Instruction, run: RunFacts | undefined): boolean {
  if (ins.keyword === 'ENV' || ins.keyword === 'ARG' || ins.keyword === 'LABEL' || ins.keyword === 'EXPOSE') return true;
  if (ins.keyword !== 'RUN' || !run) return false;
  // `corepack enable` only installs package-manager shims: it needs no sources.
  return run.role === 'system-packages' || run.role === 'neutral' || run.commands.every((c) => c.command.name === 'corepack');
}

function orderCopy(ctx: TransformContext): TransformOutcome {
  const edits: Edit[] = [];
  const declined: Message[] = [];
  const notes: Message[] = [];
  const dockerignore = new Set<string>();
  for (const stage of ctx.model.stages) {
    const facts = ctx.factsOf(stage);
    const out = orderStage(ctx.fix, facts);
    if ('skip' in out) {
      declined.push(out.skip);
      continue;
    }
    if (out.edits.length === 0) continue;
    // Moving the installs before the sources lets a local dependency folder in the context overwrite what
    // they installed: the context must leave such folders out, or the reorder does not happen.
    const missing = overriding(facts, out.installs);
    const shown = missing.map((d) => d.replace(/^\*\*\//, '')).join(', ');
    if (missing.length && facts.project.known && ctx.options.dockerignore === false) {
      declined.push(msg('copy-skip', { why: `a local ${shown} in the build context would overwrite what the install put there (--no-dockerignore)` }));
      continue;
    }
    if (missing.length && !facts.project.known) notes.push(msg('copy-dockerignore-unknown', { dirs: shown }));
    // With a file to write anyway, .git goes too (unless the build uses git): it is never the app's.
    const git = missing.length && !facts.runs.some((r) => r.commands.some((c) => c.command.base === 'git')) && !facts.project.ignored?.('.git') ? ['.git'] : [];
    if (facts.project.known) for (const line of [...missing, ...git]) dockerignore.add(line);
    edits.push(...out.edits);
  }
  if (edits.length === 0 && declined.length > 0) return { skip: declined[0] };
  return { edits, declined, notes, dockerignore: [...dockerignore] };
}

/** The .dockerignore patterns the context lacks for the folders the installs create in the app folder. */
function overriding(facts: Facts, installs: readonly RunFacts[]): string[] {
  const owners = new Set(installs.flatMap((r) => r.commands.filter((c) => c.role === 'dep-install' && c.owner).map((c) => c.owner!)));
  const dirs = [...new Set([...owners].flatMap((e) => e.installDirs?.(facts) ?? []))];
  const ignored = facts.project.ignored;
  return ignored ? dirs.filter((l) => !ignored(l.replace(/^\*\*\//, ''))) : dirs;
}

/** The install block: the dependency installs right after the wholesale COPY (and what may sit between them). */
function installBlock(facts: Facts, copyIdx: number): { installs: RunFacts[]; last: number } | { skip: Message } {
  const runs = new Map(facts.runs.map((r) => [r.ins, r] as const));
  const list = facts.stage.instructions;
  const installs: RunFacts[] = [];
  let last = -1;
  for (let k = copyIdx + 1; k < list.length; k++) {
    const ins = list[k];
    const run = runs.get(ins);
    if (run && run.role === 'dep-install') {
      if (run.commands.some((c) => c.role === 'build' || c.role === 'test')) {
        if (installs.length === 0) return { skip: msg('copy-skip', { why: `install and build share the RUN at line ${ins.line}` }) };
        break;
      }
      installs.push(run);
      last = k;
      continue;
    }
    if (!passable(ins, run)) break;
  }
  return { installs, last };
}

/** The manifests every install reads, each asked of the ecosystem that owns the install. */
function manifestsOf(facts: Facts, installs: readonly RunFacts[]): { files: string[]; first: CommandFacts } | { skip: Message } {
  const files: string[] = [];
  const commands = installs.flatMap((run) => run.commands.filter((c) => c.role === 'dep-install').map((c) => [run, c] as const));
  for (const [run, c] of commands) {
    if (!c.owner) return { skip: msg('copy-skip', { why: `no ecosystem tells what \`${c.command.name}\` at line ${run.ins.line} reads` }) };
    const m = c.owner.manifests(facts, run, c);
    if ('skip' in m) return { skip: msg('copy-skip', { why: m.skip }) };
    files.push(...m);
  }
  const main = commands.map(([, c]) => c);
  // A folder copied whole (a local package) already brings the manifests inside it.
  const folders = files.filter((f) => f.endsWith('/'));
  const needed = [...new Set(files)].filter((f) => !folders.some((d) => f !== d && f.startsWith(d)));
  return { files: needed, first: main.find((c) => c.manifests?.length) ?? main[main.length - 1] };
}

function orderStage(fix: Fixer, facts: Facts): { edits: Edit[]; installs: RunFacts[] } | { skip: Message } {
  const none = { edits: [], installs: [] };
  if (!facts.ecosystem) return none;
  const list = facts.stage.instructions;
  const copyIdx = list.findIndex((i) => isWholesaleCopy(i));
  if (copyIdx === -1) return none;
  const copy = list[copyIdx];
  const block = installBlock(facts, copyIdx);
  if ('skip' in block) return block;
  if (block.installs.length === 0) return prefetchStage(fix, facts, copyIdx);
  const dest = unquote(copyDest(copy));
  const destAbs = resolvePath(dest, facts.workdirAt.get(copy) ?? null);
  for (const run of block.installs) {
    if (resolvePath('.', run.workdir) !== destAbs) return { skip: msg('copy-skip', { why: `the install at line ${run.ins.line} runs outside ${dest}` }) };
  }
  const found = manifestsOf(facts, block.installs);
  if ('skip' in found) return found;
  const other = copy.flags.find((f) => !['chown', 'chmod', 'link'].includes(f.name.toLowerCase()));
  if (other) return { skip: msg('copy-skip', { why: `the source COPY at line ${copy.line} has a --${other.name} flag` }) };
  const edits: Edit[] = [];
  if (found.files.length > 0) {
    const install = [found.first.command.name, ...found.first.command.args].join(' ');
    const shown = found.files.map((f) => f.replace(/\/$/, '')).join(', ');
    // The manifest COPY takes the source COPY's place in one edit: an insertion before it plus its removal
    // overlap when the removal also takes the blank lines above (fixer.remove keeps gaps single).
    const at: [number, number] = [copy.leading?.[0] ?? copy.lines[0], copy.lines[1]];
    edits.push(fix.replace(at, fix.block(manifestCopies(fix.model, copy, dest, found.files)), msg('copy-manifests', { files: shown, install })));
  } else edits.push(fix.remove(copy, msg('copy-move-sources')));
  edits.push(fix.insertAfter(list[block.last], fix.textOf(copy), msg('copy-move-sources')));
  return { edits, installs: block.installs };
}

/**
 * No install before the build: when the build right after the source COPY has a pre-fetch its ecosystem
 * offers (`mvn dependency:go-offline`, a Cargo build of stub sources, `dotnet restore`), the manifests and the
 * pre-fetch go before the source COPY. Nothing happens when the stage already runs a step of that ecosystem
 * before the sources arrive (the user's own pre-fetch, or this one from an earlier run).
 */
function prefetchStage(fix: Fixer, facts: Facts, copyIdx: number): { edits: Edit[]; installs: RunFacts[] } | { skip: Message } {
  const none = { edits: [], installs: [] };
  const list = facts.stage.instructions;
  const runs = new Map(facts.runs.map((r) => [r.ins, r] as const));
  let k = copyIdx + 1;
  while (k < list.length && passable(list[k], runs.get(list[k]))) k++;
  const run = runs.get(list[k]);
  if (!run || run.role !== 'build') return none;
  const at = run.commands.findIndex((c) => c.role === 'build');
  const build = run.commands[at];
  const eco = build.owner;
  if (!eco?.prefetch) return none;
  // Commands before the build in its RUN may prepare the sources (`chmod +x mvnw`): the pre-fetch would lack it.
  if (run.commands.slice(0, at).some((c) => c.role !== 'neutral')) return none;
  const copy = list[copyIdx];
  const before = list.slice(0, copyIdx);
  if (facts.runs.some((r) => before.includes(r.ins) && r.commands.some((c) => c.owner === eco && (c.role === 'dep-install' || c.role === 'build')))) return none;
  const dest = unquote(copyDest(copy));
  if (resolvePath('.', run.workdir) !== resolvePath(dest, facts.workdirAt.get(copy) ?? null)) return none;
  if (copy.flags.some((f) => !['chown', 'chmod', 'link'].includes(f.name.toLowerCase()))) return none;
  const plan = eco.prefetch(facts, run, build);
  if ('skip' in plan) return plan.nothing ? none : { skip: msg('copy-skip', { why: plan.skip }) };
  const shown = plan.manifests.map((f) => f.replace(/\/$/, '')).join(', ');
  const buildText = [build.command.name, ...build.command.args].join(' ');
  const lines = [...manifestCopies(fix.model, copy, dest, plan.manifests), ...plan.before];
  const edits: Edit[] = [fix.insertBefore(copy, fix.block(lines), msg('copy-prefetch', { files: shown, build: buildText, line: plan.before.join(' ') }))];
  if (plan.after.length) edits.push(fix.insertAfter(copy, fix.block(plan.after), msg('copy-prefetch-after', { why: `\`${plan.after.join(' ')}\` so \`${buildText}\` rebuilds the real sources` })));
  return { edits, installs: [run] };
}

/** The COPY lines of the manifests, one per folder they land in, in the source COPY's casing and flags. */
function manifestCopies(model: Model, copy: Instruction, dest: string, manifests: readonly string[]): string[] {
  // Same keyword casing as the file; ADD of the context becomes COPY for the manifests.
  const written = model.text.slice(copy.range[0], copy.range[0] + copy.keyword.length);
  const kw = written === written.toLowerCase() ? 'copy' : 'COPY';
  const flags = copy.flags.filter((f) => f.name.toLowerCase() !== 'link').map((f) => model.text.slice(f.range[0], f.range[1]) + ' ').join('');
  return groupByFolder(manifests).map(([folder, files]) => {
    const base = dest.endsWith('/') ? dest : dest + '/';
    const target = folder ? base + folder : (files.length > 1 || files.some((f) => f.includes('*'))) && !dest.endsWith('/') ? dest + '/' : dest;
    return `${kw} ${flags}${files.map((f) => f.replace(/\/$/, '')).join(' ')} ${target}`;
  });
}

/**
 * Manifests grouped by the folder they land in, so nested ones keep their place (`packages/a/package.json`
 * → `packages/a/`); a folder manifest (ending in `/`, like `.yarn/releases/`) is its own target.
 */
function groupByFolder(manifests: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const f of manifests) {
    const folder = f.endsWith('/') ? f : f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : '';
    groups.set(folder, [...(groups.get(folder) ?? []), f]);
  }
  return [...groups];
}

const transform: Transform = {
  meta: {
    id: 'order-copy-for-cache',
    description: 'Copy dependency manifests before the install and the sources after it, so the install layer is cached',
    safety: 'safe',
    kind: 'manifest-order',
  },
  apply: orderCopy,
};

export default transform;
