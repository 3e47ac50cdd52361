// Spring Boot apps started through the build tool (`mvn spring-boot:run`, `./mvnw spring-boot:run`, `gradle
// bootRun`, `./gradlew bootRun`): the builder packages the executable jar with the same tool, wrapper and options,
// and the runtime starts it with `java -jar`, the plugin's arguments and JVM options mapped onto the java command.
// What the build files configure for the run goal alone (its arguments, environment, working folder) is not
// carried by a jar: those starts are refused, like options this file cannot map.
import { resolvePath } from '../../model/paths.ts';
import { baseName } from '../../model/shell.ts';
import type { Facts } from '../contract.ts';
import { toolStart, type ToolStart } from '../entry.ts';
import { shellWord } from '../toolchain-start.ts';

export interface BootRun {
  readonly start: ToolStart;
  readonly tool: 'maven' | 'gradle';
  /** The builder's command that makes the jar. */
  readonly build: string;
  /** A command that then puts the jar at `jar`, when its name cannot be told beforehand; null when it can. */
  readonly copy: string | null;
  /** The start's options that decide what is built (profiles, pom, project folder): an earlier build with the same ones made the jar. */
  readonly same: readonly string[];
  /** The jar, absolute: built in the builder, handed over at the same path. */
  readonly jar: string;
  /** The start command's words that replace the tool's: `java [JVM options] -jar <jar> [arguments]`. */
  readonly java: readonly string[];
  /** How many of the start's words are the tool's (all of them: the build tool takes no program arguments). */
  readonly count: number;
  /** The project folder (where the build runs and the run goal ran the app), absolute. */
  readonly dir: string;
}

type Skip = { skip: string };

const MAVEN = /^mvnw?$/;
const GRADLE = /^gradlew?$/;
const MVN_VALUE_OPTS = new Set(['-f', '--file', '-s', '--settings', '-gs', '--global-settings', '-P', '--activate-profiles', '-pl', '--projects', '-T', '--threads', '-t', '--toolchains', '-rf', '--resume-from', '-l', '--log-file', '-D', '--define', '-b', '--builder']);
const GRADLE_VALUE_OPTS = new Set(['-p', '--project-dir', '-x', '--exclude-task', '-g', '--gradle-user-home', '-b', '--build-file', '-c', '--settings-file', '-I', '--init-script', '--console', '--max-workers', '-D', '--system-prop', '-P', '--project-prop', '--args', '--warning-mode', '--priority']);
// The run goal's own settings (user properties of spring-boot:run): only these three map onto `java`.
const RUN_GOAL = /^(org\.springframework\.boot:spring-boot-maven-plugin(:[^:]+)?:run|spring-boot:run)$/;
// Configuration of spring-boot-maven-plugin that only the run goal reads: a jar started alone would lose it.
const RUN_ONLY_CONFIG = ['jvmArguments', 'arguments', 'commandlineArguments', 'profiles', 'environmentVariables', 'systemPropertyVariables', 'workingDirectory', 'addResources', 'directories', 'folders', 'agents', 'useTestClasspath', 'fork'];

/** Words of a property value (`--a=1 --b=2`): split at blanks; null when quotes inside make it more than that. */
const splitValue = (v: string): string[] | null => (/["'\\]/.test(v) ? null : v.split(/\s+/).filter(Boolean));

/** The start command's run of Maven's or Gradle's Spring Boot goal (and which tool), or null. */
function runStart(facts: Facts): { start: ToolStart; tool: 'maven' | 'gradle' } | null {
  const start = toolStart(facts.entry, (n) => MAVEN.test(n) || GRADLE.test(n));
  if (!start) return null;
  const w = start.words;
  const maven = MAVEN.test(baseName(w[0]));
  const runs = maven ? w.some((x) => RUN_GOAL.test(x)) : w.slice(1).some((x) => /^(:?[\w-]+:)*bootRun$/.test(x));
  return runs ? { start, tool: maven ? 'maven' : 'gradle' } : null;
}

/** The build tool the start command runs the app with (`mvn spring-boot:run` → maven), or null. */
export const bootRunTool = (facts: Facts): 'maven' | 'gradle' | null => runStart(facts)?.tool ?? null;

/** The start command's run of Maven's or Gradle's Spring Boot goal as a build and a `java -jar`, or why not; null when it runs neither. */
export function bootRun(facts: Facts): BootRun | Skip | null {
  const found = runStart(facts);
  if (!found) return null;
  const w = found.start.words;
  // What decides the build must be known when the image is built; the app's own arguments may wait for the start.
  const appWords = /^(-Dspring-boot\.run\.(arguments|jvmArguments|profiles)=|--args(=|$))/;
  if (w.some((x, k) => (x.includes('$') || x.includes('`')) && !appWords.test(x) && !/^--args$/.test(w[k - 1] ?? ''))) {
    return { skip: `\`${baseName(w[0])}\` at start takes its build options from variables set at start` };
  }
  if (w.some((x) => x.includes('`'))) return { skip: `\`${baseName(w[0])}\` at start runs a command substitution` };
  return found.tool === 'maven' ? mavenRun(facts, found.start) : gradleRun(facts, found.start);
}

// Assignments before the tool that steer the build tool's own JVM or settings: the build gets them too (the
// start keeps every assignment for the app, as before).
const BUILD_ENV = /^(MAVEN_\w+|GRADLE_\w+|JAVA_HOME|JAVA_TOOL_OPTIONS)$/;

/** `[build env] tool words…` as one shell line. */
const line = (start: ToolStart, words: readonly string[]): string =>
  [...Object.entries(start.env ?? {}).filter(([k]) => BUILD_ENV.test(k)).map(([k, v]) => `${k}=${shellWord(v)}`), ...words.map(shellWord)].join(' ');

/** `java [jvm] -jar <jar> [args]`: the start's new words. */
const javaWords = (jvm: readonly string[], jar: string, args: readonly string[]): string[] => ['java', ...jvm, '-jar', jar, ...args];

function mavenRun(facts: Facts, start: ToolStart): BootRun | Skip {
  const w = start.words;
  const flags: string[] = [];
  const goals: string[] = [];
  const jvm: string[] = [];
  const args: string[] = [];
  // The values of -Dspring-boot.run.arguments, split once the Spring Boot version is known (from the pom).
  const argValues: string[] = [];
  let pom: string | undefined;
  for (let k = 1; k < w.length; k++) {
    const a = w[k];
    // -Dname=value and -D name=value
    const define = /^-D(.+)$/.exec(a)?.[1] ?? (a === '-D' || a === '--define' ? w[++k] : undefined);
    if (define !== undefined) {
      const [name, ...rest] = define.split('=');
      const value = rest.join('=');
      if (name.startsWith('spring-boot.run.')) {
        const what = name.slice('spring-boot.run.'.length);
        const words = splitValue(value);
        if (words === null) return { skip: `\`-D${name}\` holds quoted words this tool does not split` };
        if (what === 'arguments') {
          argValues.push(value);
          args.push(`\0${argValues.length - 1}`);
        } else if (what === 'jvmArguments') jvm.push(...words);
        // The plugin passes the profiles to the app as `--spring.profiles.active`.
        else if (what === 'profiles') args.push(`--spring.profiles.active=${value}`);
        else return { skip: `\`-D${name}\` sets what spring-boot:run does, which \`java -jar\` has no option for` };
      } else if (/^run\./.test(name)) return { skip: `\`-D${name}\` is a Spring Boot 1 run property, not mapped` };
      else flags.push(`-D${define}`);
      continue;
    }
    if (a === '-f' || a === '--file' || a.startsWith('--file=')) {
      pom = a.startsWith('--file=') ? a.slice('--file='.length) : w[++k];
      continue;
    }
    if (/^(-pl|--projects|-rf|--resume-from|-am|--also-make)$/.test(a)) return { skip: `\`${a}\` picks modules of a multi-module build at start` };
    if (a.startsWith('-')) {
      flags.push(a);
      if (MVN_VALUE_OPTS.has(a) && w[k + 1] !== undefined) flags.push(w[++k]);
      continue;
    }
    goals.push(a);
  }
  if (goals.filter((g) => RUN_GOAL.test(g)).length !== 1 || !RUN_GOAL.test(goals[goals.length - 1])) return { skip: '`spring-boot:run` is not the last goal of the start, once' };
  const before = goals.slice(0, -1);
  const other = before.find((g) => !/^(clean|validate|compile|test-compile|test|package|verify|install)$/.test(g));
  if (other) return { skip: `the start runs \`${other}\` before spring-boot:run, which the built jar cannot stand in for` };
  // Phases that ran the tests at every start run them once in the build; spring-boot:run alone only compiled them.
  const tests = before.some((g) => /^(test|package|verify|install)$/.test(g));
  const dirRel = pom ? pom.replace(/\/?pom\.xml$/, '') || '.' : '.';
  const dir = resolvePath(dirRel, facts.workdir);
  if (!dir) return { skip: 'cannot tell the folder spring-boot:run builds (no WORKDIR)' };
  const pomPath = pom ? (pom.endsWith('.xml') ? pom : `${pom.replace(/\/$/, '')}/pom.xml`) : 'pom.xml';
  const rel = relativeToContext(facts, facts.workdir ?? dir, pomPath);
  if (typeof rel !== 'string') return rel;
  const text = facts.project.read(rel);
  if (text === undefined) return { skip: facts.project.known ? `no ${rel} in the build context` : 'no build context: cannot tell the jar spring-boot:run builds' };
  const name = mavenJar(text);
  if (typeof name !== 'string') return name;
  // Spring Boot 2.0 and 2.1 read the arguments as a list split at commas; from 2.2 on they are split at blanks.
  const commas = /^2\.[01]\./.test(bootVersion(text) ?? '');
  const appArgs = args.flatMap((a) => (a.startsWith('\0') ? splitArguments(argValues[Number(a.slice(1))], commas) : [a]));
  const build = line(start, [w[0], ...flags, ...(pom ? ['-f', pom] : []), ...(before.includes('clean') ? ['clean'] : []), 'package', ...(tests ? [] : ['-DskipTests'])]);
  const jar = `${dir.replace(/\/$/, '')}/target/${name}`;
  const same = [...flags.filter((f, k) => /^(-P|--activate-profiles)/.test(f) || /^(-P|--activate-profiles)$/.test(flags[k - 1] ?? '')), ...(pom ? ['-f', pom] : [])];
  return { start, tool: 'maven', build, copy: null, same, jar, java: javaWords(jvm, jar, appArgs), count: w.length, dir };
}

const splitArguments = (value: string, commas: boolean): string[] => (commas ? value.split(',').map((a) => a.trim()).filter(Boolean) : (splitValue(value) ?? []));

/** The Spring Boot version of a pom: the starter parent's, else the plugin's own, when written. */
function bootVersion(pom: string): string | undefined {
  const x = xmlPaths(pom);
  if (x.get('project/parent/artifactId')?.[0] === 'spring-boot-starter-parent') return x.get('project/parent/version')?.[0];
  return pluginBlocks(pom, 'spring-boot-maven-plugin').map((p) => /<version>\s*([^<\s]+)\s*<\/version>/.exec(p)?.[1]).find(Boolean);
}

/** The context path of a file of the project folder: the folder must be the one the sources were copied to. */
function relativeToContext(facts: Facts, dir: string, file: string): string | Skip {
  const app = facts.appDir;
  if (!app) return { skip: 'cannot tell where the sources were copied (no WORKDIR)' };
  const abs = resolvePath(file, dir);
  if (!abs || !(abs === app || abs.startsWith(app + '/'))) return { skip: `${file} is outside the folder the sources were copied to` };
  return abs.slice(app.length + 1);
}

// ---------------------------------------------------------------------------------------------------------
// pom.xml

/** Text of the elements at each path (`project/build/finalName`), comments and CDATA-free poms only. */
export function xmlPaths(xml: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const stack: string[] = [];
  let textFrom = 0;
  const body = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  for (const m of body.matchAll(/<(\/?)([\w.:-]+)[^>]*?(\/?)>/g)) {
    const [, close, tag, empty] = m;
    if (close) {
      if (stack[stack.length - 1] === tag) {
        const path = stack.join('/');
        const text = body.slice(textFrom, m.index).trim();
        if (!text.includes('<')) out.set(path, [...(out.get(path) ?? []), text]);
        stack.pop();
      }
    } else if (!empty) {
      stack.push(tag);
      textFrom = m.index + m[0].length;
    }
  }
  return out;
}

/** The name of the jar `mvn package` makes: `<finalName>.jar`, else `<artifactId>-<version>.jar`. */
export function mavenJar(pom: string): string | Skip {
  const x = xmlPaths(pom);
  const one = (path: string): string | undefined => x.get(path)?.[0];
  const packaging = one('project/packaging') ?? 'jar';
  if (packaging !== 'jar') return { skip: `the pom packages a ${packaging}, not an executable jar` };
  if (x.has('project/modules/module')) return { skip: 'a multi-module pom: which module spring-boot:run starts cannot be told' };
  // The plugin's repackage makes the jar executable: declared with the starter parent (which binds it) or bound here.
  const plugins = pluginBlocks(pom, 'spring-boot-maven-plugin');
  if (plugins.length === 0) return { skip: 'the pom does not declare spring-boot-maven-plugin, so `mvn package` makes no executable jar' };
  const parent = one('project/parent/artifactId');
  if (parent !== 'spring-boot-starter-parent' && !plugins.some((p) => /<goal>\s*repackage\s*<\/goal>/.test(p))) {
    return { skip: 'spring-boot-maven-plugin is not bound to repackage (no spring-boot-starter-parent), so `mvn package` makes no executable jar' };
  }
  const runOnly = RUN_ONLY_CONFIG.filter((k) => plugins.some((p) => new RegExp(`<${k}[\\s>]`).test(p)));
  if (runOnly.length) return { skip: `spring-boot-maven-plugin configures ${runOnly.map((k) => `<${k}>`).join(', ')} for the run, which \`java -jar\` would not get` };
  if (/<profiles>[\s\S]*spring-boot-maven-plugin[\s\S]*<\/profiles>/.test(pom)) return { skip: 'a pom profile configures spring-boot-maven-plugin' };
  const classifiers = plugins.flatMap((p) => [.../<classifier>\s*([^<\s]+)\s*<\/classifier>/.exec(p)?.slice(1) ?? []]);
  const artifactId = one('project/artifactId');
  const version = one('project/version') ?? one('project/parent/version');
  const props: Record<string, string | undefined> = { 'project.artifactId': artifactId, artifactId, 'project.version': version, version, 'project.parent.version': one('project/parent/version') };
  for (const [path, [value]] of x) if (path.startsWith('project/properties/') && path.split('/').length === 3) props[path.slice('project/properties/'.length)] ??= value;
  const finalName = one('project/build/finalName') ?? (artifactId && version ? `${artifactId}-${version}` : undefined);
  if (!finalName) return { skip: 'the pom names no artifactId and version: cannot tell the jar' };
  let unknown: string | null = null;
  const resolved = finalName.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    const v = props[name];
    if (v === undefined || v.includes('${')) unknown ??= whole;
    return v ?? whole;
  });
  if (unknown) return { skip: `the jar's name uses ${unknown}, which is not written in the pom` };
  if (/[/\s]/.test(resolved)) return { skip: `the jar name \`${resolved}\` is not one file name` };
  return `${resolved}${classifiers.length === 1 ? `-${classifiers[0]}` : ''}.jar`;
}

/** The `<plugin>` blocks (of build/plugins, outside pluginManagement) whose artifactId is `id`. */
function pluginBlocks(pom: string, id: string): string[] {
  const build = /<build>([\s\S]*)<\/build>/.exec(pom.replace(/<!--[\s\S]*?-->/g, '').replace(/<profiles>[\s\S]*<\/profiles>/, ''))?.[1] ?? '';
  const own = build.replace(/<pluginManagement>[\s\S]*?<\/pluginManagement>/g, '');
  return [...own.matchAll(/<plugin>([\s\S]*?)<\/plugin>/g)].map((m) => m[1]).filter((p) => new RegExp(`<artifactId>\\s*${id}\\s*</artifactId>`).test(p));
}

// ---------------------------------------------------------------------------------------------------------
// Gradle

function gradleRun(facts: Facts, start: ToolStart): BootRun | Skip {
  const w = start.words;
  const flags: string[] = [];
  const args: string[] = [];
  let projectDir: string | undefined;
  const tasks: string[] = [];
  for (let k = 1; k < w.length; k++) {
    const a = w[k];
    if (a === '--args' || a.startsWith('--args=')) {
      const value = a === '--args' ? (w[++k] ?? '') : a.slice('--args='.length);
      const words = splitValue(value);
      if (words === null) return { skip: '`--args` holds quoted words this tool does not split' };
      args.push(...words);
      continue;
    }
    if (a === '-p' || a === '--project-dir' || a.startsWith('--project-dir=')) {
      projectDir = a.includes('=') ? a.slice(a.indexOf('=') + 1) : w[++k];
      continue;
    }
    if (/^(-t|--continuous)$/.test(a)) return { skip: '`--continuous` rebuilds on every change: a development loop, not a start' };
    if (/^(-b|--build-file|-c|--settings-file)(=|$)/.test(a)) return { skip: `\`${a}\` names another build or settings file` };
    if (a.startsWith('-')) {
      flags.push(a);
      if (GRADLE_VALUE_OPTS.has(a) && w[k + 1] !== undefined) flags.push(w[++k]);
      continue;
    }
    tasks.push(a);
  }
  const other = tasks.find((t) => !/^(:?[\w-]+:)*(bootRun|clean)$/.test(t));
  if (other) return { skip: `the start runs the task \`${other}\` besides bootRun` };
  const runs = tasks.filter((t) => /bootRun$/.test(t));
  if (runs.length !== 1 || runs[0].replace(/^:/, '') !== 'bootRun') return { skip: '`bootRun` of a subproject: which build file names its jar is not followed' };
  const dir = resolvePath(projectDir ?? '.', facts.workdir);
  if (!dir) return { skip: 'cannot tell the folder bootRun builds (no WORKDIR)' };
  const rel = relativeToContext(facts, dir, 'build.gradle');
  if (typeof rel !== 'string') return rel;
  const prefix = rel.slice(0, -'build.gradle'.length);
  if (!facts.project.known) return { skip: 'no build context: cannot tell the jar bootRun builds' };
  const script = facts.project.read(`${prefix}build.gradle`) ?? facts.project.read(`${prefix}build.gradle.kts`);
  if (script === undefined) return { skip: `no build.gradle in ${prefix || 'the build context'}` };
  if (!/org\.springframework\.boot/.test(script)) return { skip: 'the build does not apply the Spring Boot plugin, so no `bootJar` makes the jar' };
  // `bootRun { … }`, `tasks.named("bootRun")`, `tasks.bootRun`, `tasks.withType<BootRun>`, a JavaExec of its own.
  if (/\bbootRun\s*[{(]|["']bootRun["']|tasks\.bootRun|\bBootRun\b|JavaExec/.test(script)) {
    return { skip: 'the build configures bootRun (its arguments, JVM options or environment), which `java -jar` would not get' };
  }
  const settings = facts.project.read(`${prefix}settings.gradle`) ?? facts.project.read(`${prefix}settings.gradle.kts`) ?? '';
  const props = facts.project.read(`${prefix}gradle.properties`) ?? '';
  const name = gradleJar(script, settings, props, baseName(dir));
  const libs = `${dir.replace(/\/$/, '')}/build/libs`;
  const build = line(start, [w[0], ...flags, ...(projectDir ? ['-p', projectDir] : []), ...(tasks.some((t) => /clean$/.test(t)) ? ['clean'] : []), 'bootJar']);
  const same = [...flags.filter((f, k) => /^-P/.test(f) || flags[k - 1] === '-P'), ...(projectDir ? ['-p', projectDir] : [])];
  if (name) {
    const jar = `${libs}/${name}`;
    return { start, tool: 'gradle', build, copy: null, same, jar, java: javaWords([], jar, args), count: w.length, dir };
  }
  // The name cannot be told from the build scripts: the one jar bootJar wrote (the plain jar left aside) is
  // copied to a fixed name, and the build fails when there is not exactly one.
  const jar = `${dir.replace(/\/$/, '')}/build/boot/app.jar`;
  const pick = `set -- $(ls build/libs/*.jar | grep -v -- '-plain\\.jar$') && [ "$#" -eq 1 ] && mkdir -p build/boot && cp "$1" build/boot/app.jar`;
  const cd = projectDir ? `cd ${shellWord(projectDir)} && ` : '';
  return { start, tool: 'gradle', build, copy: `${cd}${pick}`, same, jar, java: javaWords([], jar, args), count: w.length, dir };
}

/**
 * The jar `bootJar` writes, from literal settings only: `archiveFileName`, else `<rootProject.name or folder>
 * [-<version>].jar`. Null when the scripts set the archive's name some other way or through variables.
 */
export function gradleJar(script: string, settings: string, properties: string, folder: string): string | null {
  const code = script.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  const fileName = [...code.matchAll(/archiveFileName(?:\s*=\s*|\.set\(\s*)(["'])([^"'$]+)\1/g)].map((m) => m[2]);
  const others = /archive(BaseName|Version|Classifier|Appendix|Extension)|archivesBaseName|archivesName|destinationDirectory|libsDirName|archiveFileName/.test(code.replace(/archiveFileName(?:\s*=\s*|\.set\(\s*)(["'])[^"'$]+\1\)?/g, ''));
  if (others) return null;
  if (fileName.length === 1) return fileName[0];
  if (fileName.length > 1) return null;
  const root = /rootProject\.name\s*=\s*(["'])([^"'$]+)\1/.exec(settings.replace(/\/\/.*$/gm, ''));
  if (/rootProject\.name/.test(settings) && !root) return null;
  const name = root?.[2] ?? folder;
  // `version = '1.0'` / `version '1.0'` at the top of the script, else gradle.properties; none: no version in the name.
  const versions = [...code.matchAll(/^version\s*(=\s*)?(.*)$/gm)].map((m) => m[2].trim());
  let version: string | null = null;
  // One version, at the top: set again in a block (`allprojects { version = … }`), it cannot be told here.
  if (versions.length > 1 || [...code.matchAll(/^\s+version\s*(=|["'])/gm)].length > 0) return null;
  if (versions.length === 1) {
    const lit = /^(["'])([^"'$]+)\1$/.exec(versions[0]);
    if (!lit) return null;
    version = lit[2];
  } else {
    const prop = /^\s*version\s*[=:]\s*(\S+)\s*$/m.exec(properties);
    version = prop ? prop[1] : null;
  }
  if (/[/\s]/.test(name)) return null;
  return `${name}${version ? `-${version}` : ''}.jar`;
}
