// `dotnet run` at start: the SDK builds the project at every start and runs it in the folder the start runs in
// (the app's content root: appsettings.json, wwwroot). The builder publishes the same project with the same
// configuration and framework instead, the runtime receives the publish output in that folder and starts
// `dotnet <Assembly>.dll` with the arguments after `--`. The launch profile `dotnet run` applies
// (Properties/launchSettings.json: environment variables and URLs) becomes ENV lines of the runtime.
import { resolvePath } from '../../model/paths.ts';
import { baseName } from '../../model/shell.ts';
import type { Facts } from '../contract.ts';
import { toolStart, type ToolStart } from '../entry.ts';
import { shellWord } from '../toolchain-start.ts';

export interface DotnetRun {
  readonly start: ToolStart;
  /** `dotnet publish …` for the builder. */
  readonly build: string;
  /** Where the builder publishes (absolute), and the folder the runtime receives it in (the start's folder). */
  readonly output: string;
  readonly dir: string;
  /** The assembly the runtime starts, absolute (in `dir`). */
  readonly dll: string;
  /** How many of the start's words `dotnet <dll>` replaces (the rest are the app's arguments). */
  readonly count: number;
  /** Arguments before `--` that `dotnet run` did not know and passed to the app (`--urls …`), in order. */
  readonly forwarded: readonly string[];
  /** The project file's text (its SDK says which runtime image). */
  readonly project: string;
  /** ENV lines for the launch profile `dotnet run` applied, and its name; none without one. */
  readonly env: readonly string[];
  readonly profile: string | null;
  /** The configuration `dotnet run` built when none was named (Debug) is now Release: said in the report. */
  readonly release: boolean;
}

type Skip = { skip: string };

/** Where the publish output is written in the builder: outside the project, so no later build globs it. */
export const PUBLISH_DIR = '/publish';

// Options of `dotnet run` and what becomes of them in `dotnet publish`.
const PASSED_WITH_VALUE = new Set(['-c', '--configuration', '-f', '--framework']);
const DROPPED_WITH_VALUE = new Set(['-v', '--verbosity']);
const DROPPED = new Set(['--no-build', '--interactive', '--nologo', '--no-dependencies', '--force']);
// Assignments before `dotnet run` that steer the SDK rather than the app: the publish gets them too.
const BUILD_ENV = /^(DOTNET_CLI_TELEMETRY_OPTOUT|DOTNET_SKIP_FIRST_TIME_EXPERIENCE|DOTNET_NOLOGO|NUGET_PACKAGES|DOTNET_CLI_HOME)$/;

/** `dotnet run` (or `dotnet watch`) as the start command, or null. */
function runStart(facts: Facts): ToolStart | null {
  const start = toolStart(facts.entry, (n) => n === 'dotnet');
  return start && /^(run|watch)$/.test(start.words[1] ?? '') ? start : null;
}

/** The start runs `dotnet run` or `dotnet watch` (the stage is .NET's even without a RUN of the SDK). */
export const startsDotnetRun = (facts: Facts): boolean => runStart(facts) !== null;

/** The start command's `dotnet run` as a publish and a `dotnet <dll>`, or why not; null when it runs none. */
export function dotnetRun(facts: Facts): DotnetRun | Skip | null {
  const start = runStart(facts);
  if (!start) return null;
  const w = start.words;
  if (w[1] === 'watch') return { skip: '`dotnet watch` rebuilds on every change: a development loop, not a start' };
  const dash = w.indexOf('--');
  const opts = w.slice(2, dash === -1 ? w.length : dash);
  const passed: string[] = [];
  const forwarded: string[] = [];
  let project: string | undefined;
  let profile: string | null | undefined;
  let configured = false;
  for (let k = 0; k < opts.length; k++) {
    const a = opts[k];
    const name = a.split('=')[0];
    const property = /^(-p|--property):/.test(a);
    const known = name === '--project' || a === '-p' || name === '--launch-profile' || a === '-lp' || PASSED_WITH_VALUE.has(name) || property;
    const text = known && !property && !a.includes('=') ? `${a} ${opts[k + 1] ?? ''}` : a;
    // What decides the build must be known when the image is built (the app's own arguments may wait).
    if (known && /[$`]/.test(text)) return { skip: '`dotnet run` takes its build options from variables set at start' };
    if (name === '--project' || a === '-p') {
      project = a.includes('=') ? a.slice(a.indexOf('=') + 1) : opts[++k];
    } else if (name === '--launch-profile' || a === '-lp') {
      profile = a.includes('=') ? a.slice(a.indexOf('=') + 1) : opts[++k];
    } else if (a === '--no-launch-profile') {
      profile = null;
    } else if (PASSED_WITH_VALUE.has(name)) {
      configured ||= name === '-c' || name === '--configuration';
      passed.push(a);
      if (!a.includes('=')) passed.push(opts[++k] ?? '');
    } else if (/^(-p|--property):/.test(a)) {
      passed.push(a);
    } else if (a === '--no-restore') {
      passed.push(a);
    } else if (DROPPED_WITH_VALUE.has(name)) {
      if (!a.includes('=')) k++;
    } else if (DROPPED.has(a)) {
      // build-only switches: the publish builds once, in the builder
    } else if (/^(-r|--runtime|-a|--arch|--os|--self-contained|--sc|--ucr|--use-current-runtime)(=|$)/.test(a)) {
      return { skip: `\`dotnet run ${a}\` names a runtime: a self-contained publish, whose runtime-deps image is not chosen yet` };
    } else if (/^(-e|--environment)(=|$)/.test(a)) {
      return { skip: `\`dotnet run ${a}\` sets the app's environment through the SDK` };
    } else {
      // `dotnet run` passes what it does not know to the app (`dotnet run --urls http://+:8080`).
      forwarded.push(a);
    }
  }
  const dir = facts.workdir;
  if (!dir) return { skip: 'cannot tell the folder `dotnet run` runs in (no WORKDIR)' };
  const app = facts.appDir;
  if (!app || !(dir === app || dir.startsWith(app + '/'))) return { skip: 'cannot tell where the sources were copied' };
  if (!facts.project.known) return { skip: 'no build context: cannot tell the project `dotnet run` builds' };
  const prefix = dir === app ? '' : `${dir.slice(app.length + 1)}/`;
  const file = projectFile(facts, prefix, project);
  if (typeof file !== 'string') return file;
  const text = facts.project.read(file) ?? '';
  const assembly = assemblyName(facts, file, text);
  if (typeof assembly !== 'string') return assembly;
  if (/<(RunWorkingDirectory|StartWorkingDirectory|RunCommand|RunArguments|StartArguments)>/.test(text)) {
    return { skip: `${file} sets how \`dotnet run\` starts the app (RunCommand, RunArguments or its working folder)` };
  }
  // Several target frameworks and none chosen: `dotnet run` itself stops and asks for one.
  const frameworks = /<TargetFrameworks>\s*([^<]*)<\/TargetFrameworks>/.exec(text)?.[1].split(';').filter((f) => f.trim()) ?? [];
  if (frameworks.length > 1 && !passed.some((p) => /^(-f|--framework)(=|$)/.test(p))) return { skip: `${file} targets several frameworks and \`dotnet run\` names none with -f` };
  const launch = launchProfile(facts, file, profile);
  if ('skip' in launch) return launch;
  const env = Object.entries(start.env ?? {}).filter(([k]) => BUILD_ENV.test(k)).map(([k, v]) => `${k}=${shellWord(v)}`);
  const words = ['dotnet', 'publish', ...(project ? [project] : []), ...(configured ? [] : ['-c', 'Release']), ...passed, '-o', PUBLISH_DIR];
  return {
    start,
    build: [...env, ...words.map(shellWord)].join(' '),
    output: PUBLISH_DIR,
    dir,
    dll: `${dir.replace(/\/$/, '')}/${assembly}.dll`,
    count: dash === -1 ? w.length : dash + 1,
    forwarded,
    project: text,
    env: launch.env,
    profile: launch.name,
    release: !configured,
  };
}

/** The project `dotnet run` builds: the one `--project` names (in the start's own folder), else the folder's only one. */
function projectFile(facts: Facts, prefix: string, named: string | undefined): string | Skip {
  const isProject = (n: string): boolean => /\.(cs|fs|vb)proj$/i.test(n);
  if (named !== undefined) {
    const rel = resolvePath(named, '/')?.slice(1);
    if (rel === undefined || named.startsWith('/')) return { skip: `\`--project ${named}\` is outside the folder the start runs in` };
    // A project in another folder runs with another working folder for web projects than for others: not followed.
    if (isProject(rel)) return rel.includes('/') ? { skip: `\`--project ${named}\` is in another folder than the one the start runs in` } : `${prefix}${rel}`;
    if (rel !== '') return { skip: `\`--project ${named}\` is in another folder than the one the start runs in` };
  }
  const found = facts.project.list(prefix.replace(/\/$/, '')).filter(isProject);
  if (found.length === 0) return { skip: `no project file in ${prefix || 'the build context'}: \`dotnet run\` would have none to build` };
  if (found.length > 1) return { skip: `several project files in ${prefix || 'the build context'} and none named: cannot tell which assembly to start` };
  return `${prefix}${found[0]}`;
}

/** `<AssemblyName>` of the project, else its file name; a property or a Directory.Build.props that sets it cannot be told. */
function assemblyName(facts: Facts, file: string, text: string): string | Skip {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  // A name set under a condition (of the element or of its PropertyGroup) depends on the build's properties.
  if (/<AssemblyName\s+[^>]*Condition/i.test(xml) || /<PropertyGroup\s+[^>]*Condition[^>]*>(?:(?!<\/PropertyGroup>)[\s\S])*<AssemblyName/i.test(xml)) {
    return { skip: `${file} sets <AssemblyName> under a condition` };
  }
  const names = [...xml.matchAll(/<AssemblyName>\s*([^<]*?)\s*<\/AssemblyName>/g)].map((m) => m[1]);
  if (names.length > 1) return { skip: `${file} sets <AssemblyName> more than once` };
  if (names.length === 1) return names[0].includes('$(') ? { skip: `the assembly name in ${file} comes from a property (${names[0]})` } : names[0];
  // Directory.Build.props in the project's folder or above it applies to the project too.
  const parts = file.split('/').slice(0, -1);
  for (let k = parts.length; k >= 0; k--) {
    const props = facts.project.read([...parts.slice(0, k), 'Directory.Build.props'].join('/'));
    if (props && /<AssemblyName>/.test(props)) return { skip: 'a Directory.Build.props sets <AssemblyName>' };
  }
  return baseName(file).replace(/\.(cs|fs|vb)proj$/i, '');
}

/**
 * The launch profile `dotnet run` applies: the one `--launch-profile` names, else the first with commandName
 * Project, from Properties/launchSettings.json next to the project. Its environment variables and
 * applicationUrl (as ASPNETCORE_URLS) become ENV lines; what else it sets has no counterpart without the SDK.
 */
function launchProfile(facts: Facts, file: string, asked: string | null | undefined): { env: string[]; name: string | null } | Skip {
  if (asked === null) return { env: [], name: null };
  const path = [...file.split('/').slice(0, -1), 'Properties', 'launchSettings.json'].join('/');
  const text = facts.project.read(path);
  if (text === undefined) return asked ? { skip: `\`--launch-profile ${asked}\` names a profile, but there is no ${path}` } : { env: [], name: null };
  let profiles: Record<string, Record<string, unknown>>;
  try {
    profiles = (JSON.parse(text) as { profiles?: Record<string, Record<string, unknown>> }).profiles ?? {};
  } catch {
    return { skip: `${path} is not plain JSON (comments?): cannot tell the launch profile \`dotnet run\` applies` };
  }
  const name = asked ?? Object.keys(profiles).find((n) => profiles[n]?.commandName === 'Project');
  if (name === undefined) return { env: [], name: null };
  const p = profiles[name];
  if (!p) return { skip: `${path} has no profile \`${name}\`` };
  if (p.commandName !== 'Project') return { skip: `the launch profile \`${name}\` runs ${String(p.commandName)}, not the project` };
  const extra = ['commandLineArgs', 'workingDirectory', 'executablePath'].filter((k) => p[k] !== undefined);
  if (extra.length) return { skip: `the launch profile \`${name}\` sets ${extra.join(', ')}, which \`dotnet <app>.dll\` would not get` };
  const vars: [string, string][] = Object.entries((p.environmentVariables ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
  if (typeof p.applicationUrl === 'string' && !vars.some(([k]) => k === 'ASPNETCORE_URLS')) vars.push(['ASPNETCORE_URLS', p.applicationUrl]);
  if (vars.some(([k, v]) => !/^[A-Za-z_][\w.]*$/.test(k) || /[\n$]/.test(v))) return { skip: `the launch profile \`${name}\` sets variables this tool does not write as ENV` };
  const quote = (v: string): string => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return { env: vars.length ? [`ENV ${vars.map(([k, v]) => `${k}=${quote(v)}`).join(' ')}`] : [], name };
}
