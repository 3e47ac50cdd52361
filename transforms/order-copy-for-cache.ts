// order-copy-for-cache: when `COPY . .` comes before the dependency install, copy the manifests first, run
// the install, then copy the rest — so a source change no longer re-runs the install. The moved COPY is the
// user's own line; only the manifest COPY is new. Skips (with the reason) whenever the install may read more
// than the manifests.
import { isSkip } from '../src/analyze/ecosystem.ts';
import { copyDest, isWholesaleCopy, type Facts } from '../src/analyze/index.ts';
import { resolvePath, type RunFacts } from '../src/analyze/roles.ts';
import { msg, type Message } from '../src/messages.ts';
import type { Instruction } from '../src/model/model.ts';
import type { Edit } from '../src/edits/apply.ts';
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
  const skips: Message[] = [];
  for (const stage of ctx.model.stages) {
    const out = orderStage(ctx, ctx.factsOf(stage));
    if ('skip' in out) skips.push(out.skip);
    else edits.push(...out.edits);
  }
  if (edits.length === 0 && skips.length > 0) return { skip: skips[0] };
  return { edits, notes: skips };
}

function orderStage(ctx: TransformContext, facts: Facts): { edits: Edit[] } | { skip: Message } {
  const { fix } = ctx;
  const eco = facts.ecosystem;
  if (!eco) return { edits: [] };
  const runs = new Map(facts.runs.map((r) => [r.ins, r] as const));
  const list = facts.stage.instructions;
  const copyIdx = list.findIndex((i) => isWholesaleCopy(i));
  if (copyIdx === -1) return { edits: [] };
  const copy = list[copyIdx];
  // The install block: dependency installs (and what may sit between them) right after the COPY.
  let last = -1;
  const installs: RunFacts[] = [];
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
  if (installs.length === 0) return { edits: [] };
  const dest = copyDest(copy).replace(/^["']|["']$/g, '');
  const destAbs = resolvePath(dest, facts.workdirAt.get(copy) ?? null);
  for (const run of installs) {
    if (resolvePath('.', run.workdir) !== destAbs) return { skip: msg('copy-skip', { why: `the install at line ${run.ins.line} runs outside ${dest}` }) };
  }
  const files: string[] = [];
  for (const run of installs) {
    const m = eco.manifests(facts, run);
    if (isSkip(m)) return { skip: msg('copy-skip', { why: m.skip }) };
    files.push(...m);
  }
  const other = copy.flags.find((f) => !['chown', 'chmod', 'link'].includes(f.name.toLowerCase()));
  if (other) return { skip: msg('copy-skip', { why: `the source COPY at line ${copy.line} has a --${other.name} flag` }) };
  const manifests = [...new Set(files)];
  const main = installs.flatMap((r) => r.commands.filter((c) => c.role === 'dep-install'));
  const first = (main.find((c) => c.manifests?.length) ?? main[main.length - 1]).command;
  const install = [first.name, ...first.args].join(' ');
  const edits: Edit[] = [];
  if (manifests.length > 0) {
    // Same keyword casing as the file; ADD of the context becomes COPY for the manifests.
    const written = ctx.model.text.slice(copy.range[0], copy.range[0] + copy.keyword.length);
    const kw = written === written.toLowerCase() ? 'copy' : 'COPY';
    const flags = copy.flags.filter((f) => f.name.toLowerCase() !== 'link').map((f) => ctx.model.text.slice(f.range[0], f.range[1]) + ' ').join('');
    const lines = groupByFolder(manifests).map(([folder, files]) => {
      const base = dest.endsWith('/') ? dest : dest + '/';
      const target = folder ? base + folder : (files.length > 1 || files.some((f) => f.includes('*'))) && !dest.endsWith('/') ? dest + '/' : dest;
      return `${kw} ${flags}${files.map((f) => f.replace(/\/$/, '')).join(' ')} ${target}`;
    });
    const shown = manifests.map((f) => f.replace(/\/$/, '')).join(', ');
    // The manifest COPY takes the source COPY's place in one edit: an insertion before it plus its removal
    // overlap when the removal also takes the blank lines above (fixer.remove keeps gaps single).
    const at: [number, number] = [copy.leading?.[0] ?? copy.lines[0], copy.lines[1]];
    edits.push(fix.replace(at, fix.block(lines), msg('copy-manifests', { files: shown, install })));
  } else edits.push(fix.remove(copy, msg('copy-move-sources')));
  edits.push(fix.insertAfter(list[last], fix.textOf(copy), msg('copy-move-sources')));
  return { edits };
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
