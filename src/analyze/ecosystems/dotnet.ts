// .NET with the dotnet CLI. The builder keeps the SDK and runs `dotnet publish -o <dir>`; the runtime is the
// aspnet image (web projects) or the runtime image of the same version and tag shape, and receives the
// publish folder at the same path. .NET 8+ images bring the unprivileged `app` user. A `dotnet run` start is
// published in the builder instead (dotnet-run.ts says how).
import { resolvePath } from '../../model/paths.ts';
import { baseName, isVersionQuery, optionValue, positional, splitShell, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Outcome, Prefetch, RunFacts, SplitPlan } from '../contract.ts';
import { builtStart, shellWord, startWord } from '../toolchain-start.ts';
import { msg } from '../../messages.ts';
import { dotnetRun, startsDotnetRun, type DotnetRun } from './dotnet-run.ts';
import type { ImageRef } from '../images.ts';
import { contextPaths } from '../local-refs.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { runtimeBase } from '../runtime-base.ts';
import { COMMON_NOT_ASSETS, copiedAssets, runsTool } from '../runtime-needs.ts';

const DOTNET_VALUE_OPTS = ['-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework', '-s', '--source', '-p', '--property', '-v', '--verbosity', '--version-suffix', '-a', '--arch', '--os'];

function classify(cmd: Command, ctx: { workdir: string | null }): Classified | null {
  if (cmd.base !== 'dotnet') return null;
  if (isVersionQuery(cmd)) return { command: cmd, role: 'neutral' };
  const [sub] = positional(cmd.args, DOTNET_VALUE_OPTS);
  switch (sub) {
    case 'restore':
      return { command: cmd, role: 'dep-install', readsSources: positional(cmd.args, DOTNET_VALUE_OPTS).length > 2 };
    case 'publish': {
      const out = optionValue(cmd.args, ['-o', '--output']);
      const selfContained = cmd.args.some((a) => /^--self-contained(=true)?$/.test(a)) || cmd.args.includes('-r') || cmd.args.includes('--runtime');
      return { command: cmd, role: 'build', output: out ? (resolvePath(out, ctx.workdir) ?? undefined) : undefined, note: selfContained ? 'self-contained' : 'publish' };
    }
    case 'build':
    case 'pack':
      return { command: cmd, role: 'build', note: sub };
    case 'test':
      return { command: cmd, role: 'test' };
    case 'tool':
    case 'workload':
      return { command: cmd, role: 'system-config', note: 'SDK tool' };
    case '--info':
    case '--version':
    case 'nuget':
    case 'dev-certs':
      return { command: cmd, role: 'neutral' };
    default:
      return null;
  }
}

function detect(facts: Facts): string | null {
  return runsTool(facts.runs, 'dotnet') || startsDotnetRun(facts) ? 'dotnet' : null;
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  if (install.readsSources) return { skip: '`dotnet restore` of a named project' };
  if (!facts.project.known) return { skip: 'no build context: cannot tell the project files' };
  const top = facts.project.list('');
  const projects = top.filter((n) => /\.(csproj|fsproj|vbproj|sln)$/i.test(n));
  if (!projects.some((p) => /proj$/i.test(p))) return { skip: 'the projects live in sub-folders: their project files are not copied yet' };
  const extra = top.filter((n) => /^(nuget\.config|Directory\.(Build|Packages)\.(props|targets)|global\.json)$/i.test(n));
  const referenced = projectReferences(facts, projects.filter((p) => /proj$/i.test(p)), new Set());
  if ('skip' in referenced) return referenced;
  return [...new Set([...projects, ...extra, ...referenced])];
}

/** Projects a project names with `<ProjectReference Include="…">`, followed through (the restore reads each). */
function projectReferences(facts: Facts, projects: readonly string[], seen: Set<string>): Outcome<string[]> {
  const out: string[] = [];
  for (const p of projects) {
    if (seen.has(p)) continue;
    seen.add(p);
    const includes = [...(facts.project.read(p) ?? '').matchAll(/<ProjectReference\s+Include\s*=\s*"([^"]+)"/g)].map((m) => m[1].replace(/\\/g, '/'));
    const paths = contextPaths(facts.project, p, includes);
    if ('skip' in paths) return paths;
    const deeper = projectReferences(facts, paths, seen);
    if ('skip' in deeper) return deeper;
    out.push(...paths, ...deeper);
  }
  return out;
}

/** Web projects (Sdk="Microsoft.NET.Sdk.Web") need ASP.NET Core; anything else the plain runtime. */
function isWeb(facts: Facts): boolean | null {
  if (!facts.project.known) return null;
  const projects = facts.project.list('').filter((n) => /\.(cs|fs|vb)proj$/i.test(n));
  if (projects.length === 0) return null;
  return projects.some((p) => /Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)/.test(facts.project.read(p) ?? ''));
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const run = dotnetRun(facts);
  if (run && 'skip' in run) return run;
  if (run) return runPlan(facts, options, run);
  const publishes = facts.runs.flatMap((r) => r.commands.filter((c) => c.note === 'publish' || c.note === 'self-contained'));
  if (publishes.length === 0) return { skip: 'no `dotnet publish` to split off' };
  if (publishes.some((p) => p.note === 'self-contained')) return { skip: 'self-contained publish: the runtime-deps image is not chosen yet' };
  const outputs = publishes.map((p) => p.output);
  if (outputs.some((o) => !o || o.includes('$'))) return { skip: '`dotnet publish` without `-o`: cannot tell where the output goes' };
  const words = facts.entry.words;
  if (!words.some((w) => baseName(w) === 'dotnet')) return { skip: 'the CMD does not run `dotnet <app>.dll`: cannot tell what the runtime needs' };
  if (words.some((w) => /^(run|watch|build|publish)$/.test(w))) return { skip: 'the CMD runs the SDK (`dotnet run`), which needs the SDK at run time' };
  const web = isWeb(facts);
  const pkgs = facts.system;
  const system = [...pkgs.packages, ...toolsNeeded(facts.entry)];
  const choice = runtimeBase(facts.base, web === false ? 'dotnet-runtime' : 'dotnet-aspnet', options.runtimeBase, { shell: facts.entry.needsShell, packages: system.length > 0 });
  if ('skip' in choice) return choice;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  return {
    runtime: choice,
    policyNote: choice.note,
    builtFrom: 'compiled into the publish output',
    why: `the publish output on the ${web === false ? '.NET runtime' : 'ASP.NET Core runtime'}, without the SDK`,
    builderBefore: [],
    builderAfter: [],
    handover: [...new Set(outputs as string[])],
    runtimeEnv: [],
    runtimePackages: [...new Set(system)],
  };
}

// Files of the project folder that the publish output stands in for (sources, project files, build folders)
// or that only the SDK reads (launch profiles): the rest the app may read from its folder, as under `dotnet run`.
// A web project publishes wwwroot and appsettings*.json itself; other projects only what they mark to copy.
const notAssets = (web: boolean): RegExp =>
  new RegExp(`^(${COMMON_NOT_ASSETS}|.*\\.(cs|fs|vb)(proj)?|.*\\.(sln|slnx|props|targets|razor|cshtml)|bin/|obj/|Properties/|global\\.json|nuget\\.config|.*\\.dll${web ? '|wwwroot/|appsettings.*\\.json' : ''})$`, 'i');

/**
 * `dotnet run` at start: the builder publishes the project with the start's configuration and framework, the
 * runtime gets the publish output in the folder the start ran in (so the content root keeps appsettings.json
 * and wwwroot), the launch profile's variables as ENV, and starts `dotnet <Assembly>.dll`.
 */
function runPlan(facts: Facts, options: Options, run: DotnetRun): Outcome<SplitPlan> {
  // An earlier publish of the same project with the same options (its output folder aside) already built it.
  const key = (c: Command): string => c.args.filter((a, k, all) => !/^(-o|--output|--no-restore)$/.test(a) && !/^(-o|--output)$/.test(all[k - 1] ?? '') && !/^--output=/.test(a)).join(' ');
  const wanted = key(splitShell(run.build).commands.at(-1)!);
  // (in the start's folder, with no files copied after it that it would not have compiled)
  const list = facts.stage.instructions;
  const fresh = (r: RunFacts): boolean => r.workdir === facts.workdir && !list.slice(list.indexOf(r.ins)).some((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
  const earlier = facts.runs.filter(fresh).flatMap((r) => r.commands).find((c) => c.note === 'publish' && c.output && !c.output.includes('$') && key(c.command) === wanted);
  const output = earlier?.output?.replace(/\/$/, '') ?? run.output;
  const forwarded = run.start.exec ? run.forwarded : run.forwarded.map(startWord);
  const made = builtStart(facts, run.start, { count: run.count, build: earlier ? null : run.build, artifact: ['dotnet', run.dll, ...forwarded], tool: '.NET SDK' });
  if ('skip' in made) return made;
  const web = /Microsoft\.NET\.Sdk\.(Web|Razor|BlazorWebAssembly)/.test(run.project);
  const pkgs = facts.system;
  const system = [...pkgs.packages, ...toolsNeeded(facts.entry)];
  const choice = runtimeBase(facts.base, web ? 'dotnet-aspnet' : 'dotnet-runtime', options.runtimeBase, { shell: facts.entry.needsShell, packages: system.length > 0 });
  if ('skip' in choice) return choice;
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const assets = copiedAssets(facts, notAssets(web));
  if (assets === null) return { skip: 'cannot tell which files the app reads from its folder besides the publish output' };
  const before = run.start.words.slice(0, run.count).join(' ');
  const command = ['dotnet', run.dll, ...forwarded].join(' ');
  const names = run.env.flatMap((l) => [...l.matchAll(/(?:^ENV |" )([\w.]+)=/g)].map((m) => m[1]));
  return {
    runtime: choice,
    policyNote: choice.note,
    builtFrom: 'compiled or copied into the publish output',
    why: `the publish output on the ${web ? 'ASP.NET Core runtime' : '.NET runtime'}, without the SDK`,
    builderBefore: [],
    builderAfter: made.builderAfter,
    startCommand: { ...made.startCommand!, reason: msg('split-start-dll', { command, before, release: run.release ? ' (built in Release: `dotnet run` without -c built Debug)' : '' }) },
    handover: [output, ...assets.filter((a) => facts.inApp(a) && a.startsWith(run.dir.replace(/\/$/, '') + '/') && a !== output && !output.startsWith(a + '/'))],
    handoverTo: { [output]: run.dir },
    runtimeEnv: run.env,
    ...(run.env.length ? { runtimeEnvReason: msg('split-launch-profile', { name: run.profile ?? '', names: names.join(', ') }) } : {}),
    runtimePackages: [...new Set(system)],
  };
}

/** .NET 8+ runtime images carry `app` (UID 1654). */
const imageUser = (ref: ImageRef): string | null =>
  /^dotnet\/(aspnet|runtime|runtime-deps)$/.test(ref.repo) && parseInt(ref.tag ?? '', 10) >= 8 ? 'app' : null;

// Options of a build that change what `dotnet restore` resolves: runtime, sources, config file, properties.
const RESTORE_OPTS = ['-r', '--runtime', '-s', '--source', '--configfile', '-p', '--property', '-a', '--arch', '--os'];

/**
 * NuGet's pre-fetch: `dotnet restore` from the project files, with the build's runtime, sources and properties,
 * for a build of the folder's own project (a named project in a sub-folder needs that folder's files).
 */
function prefetch(facts: Facts, run: RunFacts, build: CommandFacts): Outcome<Prefetch> {
  const args = build.command.args;
  const [sub, ...rest] = positional(args, DOTNET_VALUE_OPTS);
  // `--self-contained false` and friends: the value of a switch, not a project.
  const named = rest.filter((n) => !/^(true|false)$/i.test(n));
  if (sub !== 'publish' && sub !== 'build') return { skip: 'only `dotnet publish`/`dotnet build` are restored first', nothing: true };
  if (named.length) return { skip: `\`dotnet ${sub}\` of a named project` };
  if (args.some((a) => a === '--no-restore')) return { skip: 'the build restores nothing itself' };
  const files = manifests(facts, run, build);
  if ('skip' in files) return files;
  const options: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const name = args[k].split(/[=:]/)[0];
    if (RESTORE_OPTS.includes(name)) {
      options.push(args[k]);
      if (!/[=:]/.test(args[k]) && args[k + 1] !== undefined) options.push(args[++k]);
    }
  }
  const env = Object.entries(build.command.env).map(([k, v]) => `${k}=${shellWord(v)}`);
  return { manifests: files, before: [`RUN ${[...env, ...[build.command.name, 'restore', ...options].map(shellWord)].join(' ')}`], after: [] };
}

/** NuGet's global packages folder (~/.nuget/packages): restore fills it, build and publish read from it. */
const NUGET_CACHE: CacheTool = {
  name: 'nuget',
  uses: (c) => c.base === 'dotnet' && ['restore', 'build', 'publish', 'test', 'pack', 'run', 'add'].includes(positional(c.args, DOTNET_VALUE_OPTS)[0] ?? ''),
  targets: [{ path: '/root/.nuget/packages' }],
  defeats: (c) => {
    if (c.base !== 'dotnet') return null;
    if (c.args.some((a) => a === '--packages' || a.startsWith('--packages='))) return 'it sets its own --packages folder';
    const [sub, what] = positional(c.args, DOTNET_VALUE_OPTS);
    return sub === 'nuget' && what === 'locals' ? '`dotnet nuget locals` empties it' : null;
  },
  env: /^(NUGET_PACKAGES|RestorePackagesPath)$/,
};

/**
 * Docker's TARGETARCH → the .NET architecture of the runtime identifier (`linux-x64`). The .NET 8 SDK takes
 * Docker's names for `-a` itself (it maps `amd64` to `x64`), so `-a $TARGETARCH` needs no shell around it.
 */
export const DOTNET_ARCH: Readonly<Record<string, string>> = { amd64: 'x64', arm64: 'arm64', arm: 'arm' };

/**
 * `--cross-platform`: restore, build and publish get `-a $TARGETARCH`, so the output is for the target. Only from
 * .NET 8: before it, an architecture made the publish self-contained and the SDK did not take Docker's names.
 */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const cmds = facts.runs.flatMap((r) => r.commands.filter((c) => c.command.base === 'dotnet' && ['restore', 'build', 'publish'].includes(positional(c.command.args, DOTNET_VALUE_OPTS)[0] ?? '')).map((c) => ({ run: r, command: c })));
  if (!cmds.some((c) => c.command.role === 'build')) return { skip: 'no `dotnet publish` to target another platform' };
  const sdk = facts.root.ref;
  const major = Number(/^(\d+)\./.exec(sdk.tag ?? '')?.[1] ?? NaN);
  if (!(major >= 8)) return { skip: `the SDK image ${sdk.raw} is not .NET 8 or later: before it, a target architecture made the publish self-contained` };
  // Native AOT links with the machine's own native toolchain, like cgo: another architecture needs a cross one.
  const csproj = facts.project.list('').filter((f) => f.endsWith('.csproj')).map((f) => facts.project.read(f) ?? '');
  if (/aot/.test(sdk.tag ?? '') || cmds.some((c) => c.command.command.args.some((a) => /PublishAot=true/i.test(a))) || csproj.some((t) => /<PublishAot>\s*true/i.test(t))) {
    return { skip: 'Native AOT links with the build machine\'s native toolchain, which cannot link for another architecture' };
  }
  const own = cmds.find((c) => c.command.command.args.some((a) => /^(-r|--runtime|-a|--arch|--os|--self-contained|--sc|--ucr|--use-current-runtime)(=|$)/.test(a) || /^[-/]p(roperty)?:(RuntimeIdentifiers?|SelfContained)=/i.test(a)));
  if (own) return { skip: `\`dotnet\` at line ${own.run.ins.line} names its own runtime or architecture` };
  return {
    inserts: cmds.map((c) => ({ run: c.run, command: c.command, where: 'after' as const, text: ' -a $TARGETARCH' })),
    args: ['TARGETARCH'],
    how: `restore and publish for $TARGETARCH (${Object.entries(DOTNET_ARCH).map(([d, n]) => `${d} → ${n}`).join(', ')})`,
  };
}

export const dotnet: Ecosystem = {
  id: 'dotnet',
  classify,
  commands: /^dotnet$/,
  detect,
  manifests,
  plan,
  prefetch,
  caches: [NUGET_CACHE],
  crossBuild,
  buildEnv: /^(DOTNET_CLI_TELEMETRY_OPTOUT|DOTNET_SKIP_FIRST_TIME_EXPERIENCE|DOTNET_NOLOGO|NUGET_PACKAGES)$/,
  imageUser,
  // `dotnet restore` writes obj/project.assets.json next to each project.
  installDirs: () => ['**/obj', '**/bin'],
};
