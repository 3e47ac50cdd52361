// add-cache-mounts: package-manager installs in builder stages get a BuildKit cache mount
// (`RUN --mount=type=cache,target=/root/.npm npm ci`), so a rebuild reuses downloads instead of fetching them
// again. Only builder stages: the final image must keep everything it had (a runtime `go run` needs the module
// cache in the image). Per stage and tool it is all or nothing — a later `go build` must see the modules that a
// mounted `go mod download` fetched — and nothing is mounted where the RUN defeats the cache.
import { isOfficial } from '../src/analyze/images.ts';
import type { Facts } from '../src/analyze/index.ts';
import { resolvePath } from '../src/analyze/roles.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg, type Message } from '../src/messages.ts';
import { finalStage, flag, type Instruction } from '../src/model/model.ts';
import { positional, type Command } from '../src/model/shell.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

interface Tool {
  readonly name: string;
  /** The command uses the tool's download cache. */
  uses(c: Command): boolean;
  /** Cache folders, each with its extra mount options. */
  readonly targets: readonly { readonly path: string; readonly options?: string }[];
  /** Why this command defeats the cache (it is switched off, moved or emptied), or null. */
  defeats(c: Command): string | null;
  /** Environment variables that move or switch off the cache. */
  readonly env: RegExp;
  /** Why the cache folder cannot be told for this stage, or null. */
  unsure?(facts: Facts): string | null;
}

const sub = (c: Command): string | undefined => positional(c.args)[0];
const base = (c: Command): string => c.base;
const hasArg = (c: Command, ...names: string[]): string | undefined =>
  c.args.find((a) => names.some((n) => a === n || a.startsWith(n + '=')));
const isPip = (c: Command): boolean =>
  /^pip(\d+(\.\d+)?)?$/.test(base(c)) || (/^python(\d+(\.\d+)?)?$/.test(base(c)) && c.args[0] === '-m' && c.args[1] === 'pip');
const pipArgs = (c: Command): readonly string[] => (isPip(c) && c.args[0] === '-m' ? c.args.slice(2) : c.args);
const cleans = (c: Command, tool: string, ...subs: string[]): boolean =>
  base(c) === tool && positional(c.args)[0] === 'cache' && subs.includes(positional(c.args)[1] ?? '');

const TOOLS: readonly Tool[] = [
  {
    name: 'npm',
    uses: (c) => base(c) === 'npm' && ['ci', 'install', 'i', 'add', 'update', 'install-clean'].includes(sub(c) ?? ''),
    targets: [{ path: '/root/.npm' }],
    defeats: (c) => (cleans(c, 'npm', 'clean', 'rm') ? '`npm cache clean` empties it' : hasArg(c, '--cache') ? 'it sets its own --cache' : null),
    env: /^npm_config_cache$/i,
  },
  {
    name: 'yarn',
    uses: (c) => base(c) === 'yarn' && (sub(c) === undefined || sub(c) === 'install' || sub(c) === 'add'),
    targets: [{ path: '/usr/local/share/.cache/yarn' }],
    defeats: (c) => (cleans(c, 'yarn', 'clean') ? '`yarn cache clean` empties it' : hasArg(c, '--cache-folder') ? 'it sets its own --cache-folder' : null),
    env: /^YARN_CACHE_FOLDER$/,
    unsure: (f) => (f.project.exists('.yarnrc.yml') ? 'Yarn 2+ (.yarnrc.yml) keeps its cache in the project' : null),
  },
  {
    name: 'pnpm',
    uses: (c) => base(c) === 'pnpm' && ['install', 'i', 'add', 'fetch'].includes(sub(c) ?? ''),
    targets: [{ path: '/root/.local/share/pnpm/store' }],
    defeats: (c) =>
      base(c) === 'pnpm' && sub(c) === 'store' && positional(c.args)[1] === 'prune' ? '`pnpm store prune` empties it' : hasArg(c, '--store-dir') ? 'it sets its own --store-dir' : null,
    env: /^(npm_config_store_dir|PNPM_HOME)$/i,
  },
  {
    name: 'pip',
    uses: (c) => isPip(c) && ['install', 'download', 'wheel'].includes(positional(pipArgs(c))[0] ?? ''),
    targets: [{ path: '/root/.cache/pip' }],
    defeats: (c) => {
      if (!isPip(c)) return null;
      if (positional(pipArgs(c))[0] === 'cache') return '`pip cache` empties it';
      if (hasArg(c, '--no-cache-dir')) return '--no-cache-dir switches it off';
      return hasArg(c, '--cache-dir') ? 'it sets its own --cache-dir' : null;
    },
    env: /^PIP_(NO_)?CACHE_DIR$/,
  },
  {
    name: 'go',
    uses: (c) => base(c) === 'go' && ['build', 'install', 'test', 'mod', 'get', 'run', 'generate', 'vet', 'list'].includes(sub(c) ?? ''),
    targets: [{ path: '/go/pkg/mod' }, { path: '/root/.cache/go-build' }],
    defeats: (c) => (base(c) === 'go' && sub(c) === 'clean' && hasArg(c, '-modcache', '-cache') ? '`go clean` empties it' : null),
    env: /^(GOPATH|GOMODCACHE|GOCACHE)$/,
    // /go is GOPATH in the official images only; elsewhere it is $HOME/go.
    unsure: (f) => (isOfficial(f.base, 'golang') ? null : `the base image ${f.base.raw} is not golang, so its module cache folder is unknown`),
  },
  {
    name: 'apt',
    uses: (c) => ['apt-get', 'apt'].includes(base(c)) && ['update', 'install', 'upgrade', 'dist-upgrade', 'build-dep'].includes(sub(c) ?? ''),
    // Several builds may run apt at once; apt takes locks in these folders, so the builds take turns.
    targets: [
      { path: '/var/cache/apt', options: 'sharing=locked' },
      { path: '/var/lib/apt', options: 'sharing=locked' },
    ],
    defeats: (c) => (['apt-get', 'apt'].includes(base(c)) && ['clean', 'autoclean'].includes(sub(c) ?? '') ? `\`${base(c)} ${sub(c)}\` empties it` : null),
    env: /^$/,
  },
];

const mountFlag = (t: Tool['targets'][number]): string => `--mount=type=cache,target=${t.path}${t.options ? ',' + t.options : ''}`;

/** Cache targets the RUN already mounts (any `--mount` with target=, dst= or destination=). */
function mounted(ins: Instruction): Set<string> {
  const out = new Set<string>();
  for (const f of ins.flags) {
    if (f.name.toLowerCase() !== 'mount' || !f.value) continue;
    for (const part of f.value.split(',')) {
      const [k, v] = part.split('=');
      if (v && ['target', 'dst', 'destination'].includes(k.trim().toLowerCase())) out.add(v.trim().replace(/\/+$/, ''));
    }
  }
  return out;
}

/** `rm` of the cache folder, a parent of it, or something inside it. */
function removes(c: Command, path: string, workdir: string | null): boolean {
  if (base(c) !== 'rm') return false;
  return positional(c.args).some((a) => {
    const p = resolvePath(a.replace(/^~(?=\/|$)/, '/root').replace(/\/\*?$/, '').replace(/\/\*.*$/, ''), workdir);
    return p !== null && p !== '' && (path === p || path.startsWith(p + '/') || p.startsWith(path + '/'));
  });
}

const ROOT = /^(root|0)(:(root|0))?$/;

interface Plan {
  readonly edits: Edit[];
  readonly notes: Message[];
}

function planStage(ctx: TransformContext, facts: Facts, later: readonly Instruction[]): Plan {
  const plan: Plan = { edits: [], notes: [] };
  const userAt = new Map<Instruction, string | null>();
  const envKeys = new Set<string>();
  let user: string | null = null;
  for (const ins of facts.stage.instructions) {
    userAt.set(ins, user);
    if (ins.keyword === 'USER') user = ins.args.trim();
    if (ins.keyword === 'ENV') for (const [k] of ins.pairs) envKeys.add(k);
    if (ins.keyword === 'ARG') envKeys.add(/^\s*([A-Za-z_]\w*)/.exec(ins.args)?.[1] ?? '');
  }
  for (const tool of TOOLS) {
    const runs = facts.runs.filter((r) => r.commands.some((c) => tool.uses(c.command)));
    if (runs.length === 0) continue;
    const decline = (line: number, why: string): void => void plan.notes.push(msg('cache-not-mounted', { tool: tool.name, line, why }));
    const why = tool.unsure?.(facts) ?? null;
    if (why) {
      decline(runs[0].ins.line, why);
      continue;
    }
    let blocked = false;
    for (const r of facts.runs) {
      const u = userAt.get(r.ins) ?? null;
      const uses = runs.includes(r);
      let reason: string | null = null;
      if (uses && r.script.opaque) reason = 'the RUN has shell this tool does not follow';
      else if (uses && u !== null && !ROOT.test(u)) reason = `it runs as \`${u}\`, whose cache folder is not the one mounted`;
      for (const c of r.commands) {
        reason ??= tool.defeats(c.command);
        const env = Object.keys(c.command.env).find((k) => tool.env.test(k));
        if (env) reason ??= `it sets ${env}`;
        if (tool.targets.some((t) => removes(c.command, t.path, r.workdir))) reason ??= 'it deletes the cache folder';
      }
      if (reason) {
        decline(r.ins.line, reason);
        blocked = true;
        break;
      }
    }
    const env = [...envKeys].find((k) => tool.env.test(k));
    if (!blocked && env) {
      decline(runs[0].ins.line, `the stage sets ${env}`);
      blocked = true;
    }
    // A later stage that copies the cache folder out of this one needs it in the image.
    const copied = later.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && flag(i, 'from') && tool.targets.some((t) => i.args.includes(t.path)));
    if (!blocked && copied) {
      decline(copied.line, `line ${copied.line} copies the cache folder to another stage`);
      blocked = true;
    }
    if (blocked) continue;
    for (const r of runs) {
      const have = mounted(r.ins);
      const missing = tool.targets.filter((t) => !have.has(t.path));
      if (missing.length === 0) continue;
      const command = r.commands.find((c) => tool.uses(c.command))!.command;
      plan.edits.push(
        ctx.fix.insertFlag(
          r.ins,
          missing.map(mountFlag).join(' '),
          msg('cache-mount', { targets: missing.map((t) => t.path).join(', '), command: [command.name, ...command.args].join(' ').slice(0, 40) }),
        ),
      );
    }
  }
  return plan;
}

function addCacheMounts(ctx: TransformContext): TransformOutcome {
  const { model } = ctx;
  const last = finalStage(model);
  const edits: Edit[] = [];
  const notes: Message[] = [];
  for (const stage of model.stages) {
    if (stage === last) continue;
    const later = model.instructions.filter((i) => i.stage > stage.index);
    const plan = planStage(ctx, ctx.factsOf(stage), later);
    edits.push(...plan.edits);
    notes.push(...plan.notes);
  }
  return { edits, notes };
}

const transform: Transform = {
  meta: {
    id: 'add-cache-mounts',
    description: 'Give package-manager installs in builder stages a BuildKit cache mount, so rebuilds reuse downloads',
    safety: 'safe',
    kind: 'cache-mounts',
  },
  apply: addCacheMounts,
};

export default transform;
