// Go modules. Manifests: go.mod (+ go.sum). The runtime gets the binary: distroless static for
// CGO_ENABLED=0, distroless base (glibc) when cgo is possible, debian slim when the CMD needs a shell.
import { optionValue, positional, type Command } from '../../model/shell.ts';
import type { Ecosystem, SplitPlan } from '../ecosystem.ts';
import type { Facts } from '../index.ts';
import { runsTool } from '../runtime-needs.ts';
import { codenameOf, distroOf, isOfficial } from '../images.ts';
import { runtimePackages, toolsNeeded } from '../packages.ts';
import { resolvePath, type CommandFacts, type RunFacts } from '../roles.ts';

// Files in a Go context that the binary does not read at run time.
const NOT_ASSETS = /^(.*\.go|go\.(mod|sum|work|work\.sum)|vendor\/|\.[^/]*|Dockerfile.*|.*\.dockerfile|Makefile|README.*|LICEN[CS]E.*|CHANGELOG.*|.*\.md|docs?\/|.*_test\.go|testdata\/|scripts?\/|cmd\/|internal\/|pkg\/|api\/|hack\/|build\/|deploy(ments)?\/|charts?\/|\.github\/)$/i;

function classify(cmd: Command, ctx: { workdir: string | null }): CommandFacts | null {
  if (cmd.base !== 'go') return null;
  const [sub, sub2] = positional(cmd.args, ['-o', '-ldflags', '-tags', '-gcflags', '-mod', '-trimpath', '-p']);
  switch (sub) {
    case 'mod':
      return { command: cmd, role: 'dep-install', readsSources: sub2 === 'tidy' || sub2 === 'vendor' };
    case 'get':
      return { command: cmd, role: 'dep-install', readsSources: true };
    case 'build': {
      const out = optionValue(cmd.args, ['-o']);
      return { command: cmd, role: 'build', output: out ? (resolvePath(out, ctx.workdir) ?? undefined) : undefined };
    }
    case 'install':
      return { command: cmd, role: 'build', output: '/go/bin/' };
    case 'generate':
      return { command: cmd, role: 'build' };
    case 'test':
    case 'vet':
      return { command: cmd, role: 'test' };
    case 'env':
    case 'version':
      return { command: cmd, role: 'neutral' };
    default:
      return null;
  }
}

function detect(facts: Pick<Facts, 'runs' | 'base'>): string | null {
  return runsTool(facts.runs, 'go') ? 'go' : null;
}

function manifests(facts: Facts, run: RunFacts): readonly string[] | { skip: string } {
  if (run.commands.some((c) => c.readsSources)) return { skip: '`go mod tidy`/`go get` read the sources' };
  if (!facts.project.known) return ['go.mod', 'go.sum*'];
  const mod = facts.project.read('go.mod');
  if (mod === undefined) return { skip: 'no go.mod in the build context' };
  if (/^\s*replace\s.*=>\s*\.{1,2}\//m.test(mod) || /=>\s*\.{1,2}\//.test(mod)) return { skip: 'go.mod replaces modules with local folders' };
  return ['go.mod', ...(facts.project.exists('go.sum') ? ['go.sum'] : [])];
}

function plan(facts: Facts): SplitPlan | { skip: string } {
  const base = facts.base;
  const builds = facts.runs.flatMap((r) => r.commands.filter((c) => c.role === 'build' && c.command.base === 'go'));
  if (builds.length === 0) return { skip: 'no `go build` to split off' };
  const cgoOff = (facts.env.get('CGO_ENABLED') === '0' || builds.every((b) => b.command.env.CGO_ENABLED === '0'));
  const shellForm = facts.stage.instructions.some(
    (i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || (i.keyword === 'HEALTHCHECK' && !/^\s*NONE/i.test(i.args))) && i.json === null,
  );
  const pkgs = runtimePackages(facts.runs.flatMap((r) => r.packages));
  if (pkgs.unknownDev.length) return { skip: `no known runtime library for ${pkgs.unknownDev.join(', ')}` };
  const tools = toolsNeeded(facts);
  const extra = [...pkgs.packages.filter((p) => p !== 'ca-certificates' && p !== 'tzdata'), ...tools];
  const distro = distroOf(base);
  let runtime: SplitPlan['runtime'];
  let why: string;
  if (!isOfficial(base, 'golang') || base.dynamic) return { skip: `no runtime image known for \`${base.raw}\`` };
  if (distro === 'alpine') {
    const v = /alpine(3\.\d+)/.exec(base.tag ?? '')?.[1] ?? '3';
    runtime = { image: `alpine:${v}`, distro: 'alpine', user: null, shell: true };
    why = 'the binary runs on plain Alpine, without the Go toolchain';
  } else if (shellForm || extra.length > 0) {
    runtime = { image: `debian:${codenameOf(base) ?? 'bookworm'}-slim`, distro: 'debian', user: null, shell: true };
    why = shellForm ? 'the binary without the Go toolchain (a shell is kept: CMD/ENTRYPOINT use shell form)' : 'the binary without the Go toolchain';
  } else if (cgoOff) {
    runtime = { image: 'gcr.io/distroless/static-debian12:nonroot', distro: 'distroless', user: 'nonroot', shell: false };
    why = 'a static binary (CGO_ENABLED=0) needs no libc';
  } else {
    runtime = { image: 'gcr.io/distroless/base-debian12:nonroot', distro: 'distroless', user: 'nonroot', shell: false };
    why = 'the binary may use cgo, so the runtime keeps glibc';
  }
  const outputs = builds.map((b) => b.output);
  const handover: string[] = [];
  const appDir = facts.appDir;
  const needsApp = outputs.some((o) => !o || (appDir !== null && o.startsWith(appDir + '/'))) || hasAssets(facts);
  for (const o of outputs) if (o && !(needsApp && appDir && o.startsWith(appDir + '/'))) handover.push(o.replace(/\/$/, ''));
  if (needsApp) {
    if (!appDir) return { skip: 'the binary or its files live in an unknown folder (no WORKDIR)' };
    handover.push(appDir);
  }
  // debian slim lacks the CA certificates the golang image had (distroless and alpine carry them).
  const sysPkgs = distro === 'alpine' ? [...pkgs.packages, ...tools] : runtime.distro === 'debian' ? [...new Set(['ca-certificates', ...extra])] : [];
  return {
    runtime,
    why,
    builderBefore: [],
    builderAfter: [],
    handover: [...new Set(handover)],
    runtimeEnv: outputs.includes('/go/bin/') ? ['ENV PATH="/go/bin:$PATH"'] : [],
    runtimePackages: sysPkgs,
  };
}

/** Does the app folder hold files the binary may read (templates, static, config)? Unknown context: yes. */
function hasAssets(facts: Facts): boolean {
  if (!facts.project.known) return true;
  return facts.project.list('').some((name) => !NOT_ASSETS.test(name));
}

export const go: Ecosystem = { id: 'go', classify, detect, manifests, plan };
