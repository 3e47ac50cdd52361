// Java with Maven, Gradle (wrapper scripts included) or plain javac/jar, and the JVM languages built the same
// way (Clojure with Leiningen, Scala with sbt). The builder keeps the JDK and the
// build tool; the runtime is the JRE of the same vendor and distro and receives the jar the CMD runs
// (`mvn package` → target/*.jar, `gradle build` → build/libs/*.jar), at the same path. A Spring Boot run goal at
// start (`mvn spring-boot:run`, `gradle bootRun`) is packaged in the builder instead (java-boot-run.ts).
import { resolvePath } from '../../model/paths.ts';
import { baseName, optionValue, positional, type Command } from '../../model/shell.ts';
import type { Options } from '../../options.ts';
import type { CacheTool, Classified, CommandFacts, CrossBuild, Ecosystem, Facts, Outcome, Prefetch, RunFacts, SplitPlan } from '../contract.ts';
import { nativeCompilers } from '../cross.ts';
import { builtStart, shellWord, startWord } from '../toolchain-start.ts';
import { msg } from '../../messages.ts';
import { bootRun, bootRunTool, type BootRun } from './java-boot-run.ts';
import { interpreterArgs, interpreterStart } from '../entry.ts';
import { contextPath } from '../local-refs.ts';
import { toolsNeeded, unreadPackages } from '../packages.ts';
import { jreFor, runtimeBase } from '../runtime-base.ts';
import { COMMON_NOT_ASSETS, copiedAssets } from '../runtime-needs.ts';

const NOT_ASSETS = new RegExp(`^(${COMMON_NOT_ASSETS}|src/|pom\\.xml|mvnw(\\.cmd)?|\\.mvn/|build\\.gradle(\\.kts)?|settings\\.gradle(\\.kts)?|gradle\\.properties|gradlew(\\.bat)?|gradle/|buildSrc/|target/|build/|out/|project\\.clj|build\\.sbt|project/|.*\\.java|.*\\.kt|.*\\.clj|.*\\.scala)$`, 'i');
const MAVEN = /^mvnw?$/;
const GRADLE = /^gradlew?$/;
const MVN_VALUE_OPTS = ['-f', '--file', '-s', '--settings', '-P', '--activate-profiles', '-pl', '--projects', '-T', '--threads', '-gs', '-t', '-rf', '-Dmaven.repo.local'];
const GRADLE_VALUE_OPTS = ['-p', '--project-dir', '-x', '--exclude-task', '-g', '--gradle-user-home', '-b', '--build-file', '-c', '--settings-file', '-I', '--init-script', '--console', '--max-workers'];
const MVN_BUILD = /^(package|install|verify|deploy|compile|spring-boot:repackage|assembly:single|war:war|jar:jar|quarkus:build)$/;
const MVN_DEPS = /^(dependency:(go-offline|resolve|resolve-plugins|copy-dependencies)|de\.qaware\.maven:go-offline-maven-plugin:resolve-dependencies)$/;
const GRADLE_BUILD = /^(:?[\w-]+:)*(build|assemble|bootJar|jar|shadowJar|war|bootWar|installDist|distTar|distZip|quarkusBuild|buildFatJar|fatJar|compileJava|classes)$/;
const LEIN_BUILD = /^(uberjar|jar|compile|ring)$/;
const SBT_BUILD = /^(assembly|package|stage|compile|(universal|Universal|Docker|docker):(packageBin|packageZipTarball|stage)|dist)$/;
const GRADLE_DEPS = /^(dependencies|downloadDependencies|resolveDependencies|--refresh-dependencies)$/;

function classify(cmd: Command, ctx: { workdir: string | null }): Classified | null {
  const name = cmd.base;
  const at = (dir: string | undefined): string => resolvePath(dir ?? '.', ctx.workdir) ?? '.';
  if (MAVEN.test(name)) {
    const goals = positional(cmd.args, MVN_VALUE_OPTS).filter((g) => !g.startsWith('-D'));
    const dir = optionValue(cmd.args, ['-f', '--file'])?.replace(/\/?pom\.xml$/, '');
    // Phases from `package` on run the tests first, unless told to skip them.
    const tests = goals.some((g) => /^(package|install|verify|deploy)$/.test(g)) && !cmd.args.some((a) => /^-D(skipTests|maven\.test\.skip)(=true)?$/.test(a));
    if (goals.some((g) => MVN_BUILD.test(g))) return { command: cmd, role: 'build', output: `${at(dir)}/target/`, note: 'maven', ...(tests ? { skipTests: '-DskipTests' } : {}) };
    if (goals.some((g) => MVN_DEPS.test(g)) && goals.every((g) => MVN_DEPS.test(g) || g === 'clean')) return { command: cmd, role: 'dep-install', note: 'maven' };
    if (goals.length && goals.every((g) => /^(test|clean|validate|checkstyle:check|spotless:check|-v|--version)$/.test(g))) return { command: cmd, role: 'test', note: 'maven' };
    return cmd.args.some((a) => a === '-v' || a === '--version') ? { command: cmd, role: 'neutral' } : null;
  }
  if (GRADLE.test(name)) {
    const tasks = positional(cmd.args, GRADLE_VALUE_OPTS);
    const dir = optionValue(cmd.args, ['-p', '--project-dir']);
    const out = tasks.some((t) => /installDist$/.test(t)) ? 'build/install/' : 'build/libs/';
    // `build` (through `check`) and `test` run the tests, unless the test task is excluded.
    const tests = tasks.some((t) => /^(:?[\w-]+:)*(build|check|test)$/.test(t)) && !cmd.args.some((a, k, all) => /^(-x|--exclude-task)$/.test(all[k - 1] ?? '') && /^(:?[\w-]+:)*test$/.test(a));
    if (tasks.some((t) => GRADLE_BUILD.test(t))) return { command: cmd, role: 'build', output: `${at(dir)}/${out}`, note: 'gradle', ...(tests ? { skipTests: '-x test' } : {}) };
    if ((tasks.some((t) => GRADLE_DEPS.test(t)) && tasks.every((t) => GRADLE_DEPS.test(t) || t === 'clean')) || cmd.args.includes('--refresh-dependencies')) {
      return { command: cmd, role: 'dep-install', note: 'gradle' };
    }
    if (tasks.length && tasks.every((t) => /^(test|check|clean|:?[\w-]+:test|spotlessCheck|--version)$/.test(t))) return { command: cmd, role: 'test', note: 'gradle' };
    return cmd.args.includes('--version') ? { command: cmd, role: 'neutral' } : null;
  }
  // Clojure's Leiningen and Scala's sbt build jars under target/ too (`lein uberjar`, `sbt assembly`).
  if (name === 'lein' || name === 'sbt') {
    const tasks = positional(cmd.args).flatMap((t) => t.split(/\s*;\s*|\s+/)).filter((t) => t && !t.startsWith('-'));
    const tool = name === 'lein' ? 'lein' : 'sbt';
    if (tasks.some((t) => (name === 'lein' ? LEIN_BUILD : SBT_BUILD).test(t))) return { command: cmd, role: 'build', output: `${at(undefined)}/target/`, note: tool };
    if (tasks.length && tasks.every((t) => /^(deps|update|clean)$/.test(t))) return { command: cmd, role: 'dep-install', note: tool };
    if (tasks.length && tasks.every((t) => /^(test|clean|check)$/.test(t))) return { command: cmd, role: 'test', note: tool };
    return cmd.args.some((a) => a === '--version' || a === 'version' || a === '-version') ? { command: cmd, role: 'neutral' } : null;
  }
  if (name === 'javac') return { command: cmd, role: 'build', note: 'javac' };
  if (name === 'jar') {
    // jar --create --file app.jar ... | jar cf app.jar ... | jar cvfe app.jar Main ...
    const file = optionValue(cmd.args, ['--file', '-f']) ?? (/^-?[a-z]*f/.test(cmd.args[0] ?? '') && /^-?c/.test(cmd.args[0] ?? '') ? cmd.args[1] : undefined);
    return { command: cmd, role: 'build', output: file ? (resolvePath(file, ctx.workdir) ?? undefined) : undefined, note: 'javac' };
  }
  return null;
}

function detect(facts: Facts): string | null {
  for (const run of facts.runs) {
    for (const c of run.commands) {
      const n = c.command.base;
      if (c.role === 'neutral') continue;
      if (MAVEN.test(n)) return 'maven';
      if (GRADLE.test(n)) return 'gradle';
      if (n === 'javac' || n === 'jar') return 'javac';
      if ((n === 'lein' || n === 'sbt') && c.note) return n;
    }
  }
  // `mvn spring-boot:run` / `gradle bootRun` at start, with no build before it.
  return bootRunTool(facts);
}

function manifests(facts: Facts, _run: unknown, install: CommandFacts): Outcome<readonly string[]> {
  const tool = install.note;
  const has = (f: string): boolean => !facts.project.known || facts.project.exists(f);
  if (tool === 'maven') {
    // `-f backend/pom.xml` (or `-f backend`) reads that pom, not the one beside it.
    const named = optionValue(install.command.args, ['-f', '--file']);
    const root = named ? (/\.xml$/.test(named) ? named : `${named.replace(/\/$/, '')}/pom.xml`).replace(/^\.\//, '') : 'pom.xml';
    if (root.startsWith('/') || root.split('/').includes('..')) return { skip: `\`-f ${named}\` names a pom outside the build folder` };
    if (facts.project.known && !facts.project.exists(root)) return { skip: `no ${root} in the build context` };
    const poms = facts.project.known ? modulePoms(facts, root, new Set()) : [root];
    if ('skip' in poms) return poms;
    const wrapper = install.command.base === 'mvnw';
    return [...poms, ...(wrapper ? ['mvnw', '.mvn/'] : [])].filter((f) => has(f.replace(/\/$/, '')) || f === root);
  }
  if (tool === 'gradle') {
    if (!facts.project.known) return { skip: 'no build context: cannot tell which Gradle build files exist' };
    const settings = facts.project.read('settings.gradle') ?? facts.project.read('settings.gradle.kts') ?? '';
    const files = ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts', 'gradle.properties', 'gradlew', 'gradle/'];
    // Subprojects' build scripts, and buildSrc whole (Gradle compiles it before it configures anything).
    const subprojects = [...settings.matchAll(/^\s*include\s*\(?([^\n)]*)/gm)].flatMap((m) => [...m[1].matchAll(/["']:?([\w.:/-]+)["']/g)].map((q) => q[1].replace(/:/g, '/')));
    const scripts = subprojects.flatMap((d) => [`${d}/build.gradle`, `${d}/build.gradle.kts`, `${d}/gradle.properties`]);
    return [...files, ...scripts, ...(facts.project.exists('buildSrc') ? ['buildSrc/'] : [])].filter((f) => facts.project.exists(f.replace(/\/$/, '')));
  }
  return { skip: 'the install reads the sources' };
}

/** A pom and, module by module, the poms of the reactor it builds (and local parents named by relativePath). */
function modulePoms(facts: Facts, pom: string, seen: Set<string>): Outcome<string[]> {
  if (seen.has(pom)) return [];
  seen.add(pom);
  const text = facts.project.read(pom);
  if (text === undefined) return { skip: `${pom} is not in the build context` };
  const dir = pom.slice(0, pom.length - 'pom.xml'.length);
  const out = [pom];
  const parent = /<parent>[\s\S]*?<relativePath>\s*([^<\s]*)\s*<\/relativePath>[\s\S]*?<\/parent>/.exec(text)?.[1];
  const refs = [
    ...(parent ? [parent.endsWith('.xml') ? parent : `${parent.replace(/\/$/, '')}/pom.xml`] : []),
    ...[...text.matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g)].map((m) => (m[1].endsWith('.xml') ? m[1] : `${m[1].replace(/\/$/, '')}/pom.xml`)),
  ];
  for (const ref of refs) {
    const path = contextPath(facts.project, pom, ref, dir);
    if (typeof path !== 'string') return path;
    const more = modulePoms(facts, path, seen);
    if ('skip' in more) return more;
    out.push(...more);
  }
  return out;
}

function plan(facts: Facts, options: Options): Outcome<SplitPlan> {
  const base = facts.base;
  const builds = facts.runs.flatMap((r) => r.commands.filter((c) => c.role === 'build' && c.note && ['maven', 'gradle', 'javac', 'lein', 'sbt'].includes(c.note)));
  // `mvn spring-boot:run` / `gradle bootRun` at start: the builder packages the jar, the runtime runs it.
  const boot = bootRun(facts);
  if (boot && 'skip' in boot) return boot;
  if (builds.length === 0 && !boot) return { skip: 'no Maven, Gradle, Leiningen, sbt or javac build to split off' };
  if (builds.some((b) => b.output?.endsWith('/build/install/'))) return { skip: '`installDist` output: the start script layout is not handed over yet' };
  const jre = jreFor(base);
  if (typeof jre !== 'string') return { skip: jre.skip };
  // `sh -c "java $JAVA_OPTS -jar app.jar"`: the command the shell runs, not the shell's words.
  const words = facts.entry.simple ?? facts.entry.words;
  if (!boot && facts.entry.words.some((w) => MAVEN.test(baseName(w)) || GRADLE.test(baseName(w)) || /^(lein|sbt)$/.test(baseName(w)))) return { skip: 'the CMD runs the build tool, which needs the JDK at run time' };
  if (!boot && !words.some((w) => baseName(w) === 'java')) return { skip: 'the CMD does not run `java`: cannot tell what the runtime needs' };
  const wd = facts.workdir;
  const handover: string[] = [];
  const jarAt = words.findIndex((w) => w === '-jar');
  const cpAt = words.findIndex((w) => w === '-cp' || w === '-classpath' || w === '--class-path');
  let started: Pick<SplitPlan, 'builderAfter' | 'startCommand'> | null = null;
  if (boot) {
    const made = bootStart(facts, boot, builds);
    if ('skip' in made) return made;
    started = made;
    handover.push(boot.jar);
  } else if (jarAt !== -1 && words[jarAt + 1]) {
    const jar = resolvePath(words[jarAt + 1], wd);
    if (!jar || jar.includes('$')) return { skip: 'cannot tell which jar the CMD runs' };
    // A glob (shell form) is handed over with its folder: COPY cannot name files it has not seen.
    handover.push(jar.includes('*') ? jar.slice(0, jar.lastIndexOf('/')) : jar);
  } else if (cpAt !== -1 && words[cpAt + 1]) {
    for (const p of words[cpAt + 1].split(':')) {
      const abs = resolvePath(p.replace(/\/?\*$/, ''), wd);
      if (!abs || abs.includes('$')) return { skip: 'cannot tell which class path the CMD uses' };
      handover.push(abs);
    }
  } else return { skip: 'cannot tell which jar or class path the CMD runs' };
  const assets = copiedAssets(facts, NOT_ASSETS);
  if (assets === null) return { skip: 'cannot tell which files the app reads besides the jar' };
  const pkgs = facts.system;
  const system = [...pkgs.packages.filter((p) => !/maven|gradle|openjdk|jdk/.test(p)), ...toolsNeeded(facts.entry)];
  // `CMD ["java", "-jar", "app.jar"]` runs on an image whose ENTRYPOINT is `java -jar` (distroless) as `CMD ["app.jar"]`.
  const start = boot ? null : interpreterArgs(facts.entry, /^(\/\S*\/)?java$/);
  const jarStart = start && start.args[0] === '-jar' && start.args.length >= 2 ? start : null;
  // A run goal's start rewritten to `CMD ["java", "-jar", <jar>, …]` (exec form, no JVM options) suits an image whose
  // ENTRYPOINT is `java -jar` too.
  const bootJar = boot && boot.start.exec && boot.start.ins.keyword === 'CMD' && facts.entry.instructions.length === 1 && boot.java[1] === '-jar';
  const choice = runtimeBase(base, 'java', options.runtimeBase, { shell: true, interpreter: jarStart !== null || !!bootJar, packages: system.length > 0 });
  if ('skip' in choice) return choice;
  if (boot && bootJar && choice.distro === 'distroless') {
    const made = bootStart(facts, boot, builds, choice.image);
    if ('skip' in made) return made;
    started = made;
  }
  if (pkgs.unknownDev.length) return { skip: unreadPackages(pkgs.unknownDev) };
  const inApp = (p: string): boolean => facts.appDir !== null && (p === facts.appDir || p.startsWith(facts.appDir + '/'));
  return {
    runtime: choice,
    policyNote: choice.note,
    builtFrom: 'built into the jar',
    why: `the JRE and the application jar, without the JDK and the build tool`,
    builderBefore: [],
    builderAfter: started?.builderAfter ?? [],
    ...(started?.startCommand ? { startCommand: started.startCommand } : {}),
    handover: [...new Set([...handover, ...outermost(assets.filter(inApp))])],
    runtimeEnv: [],
    runtimePackages: choice.distro === 'distroless' ? [] : [...new Set(system)],
    ...(choice.distro === 'distroless' && jarStart ? { startCommand: interpreterStart(jarStart, choice.image, 'java', 1) } : {}),
  };
}

/** The paths without those inside another of them (a folder copied whole brings its files). */
const outermost = (paths: readonly string[]): string[] => [...new Set(paths)].filter((p, _, all) => !all.some((q) => q !== p && p.startsWith(q + '/')));

/**
 * The builder line and the start of a Spring Boot run goal: the jar is packaged after the last step the start
 * saw (unless an earlier build of the same folder and profiles packaged it already), and `java -jar` starts it.
 */
function bootStart(facts: Facts, boot: BootRun, builds: readonly CommandFacts[], jarEntry: string | null = null): Pick<SplitPlan, 'builderAfter' | 'startCommand'> | { skip: string } {
  const out = boot.tool === 'maven' ? `${boot.dir.replace(/\/$/, '')}/target/` : `${boot.dir.replace(/\/$/, '')}/build/libs/`;
  const packages = boot.tool === 'maven' ? /^(package|install|verify|deploy|spring-boot:repackage)$/ : /^(:?[\w-]+:)*(build|assemble|bootJar)$/;
  const options = (args: readonly string[]): string => args.filter((a, k) => /^(-P|--activate-profiles|-f|--file|-p|--project-dir)/.test(a) || /^(-P|--activate-profiles|-f|--file|-p|--project-dir)$/.test(args[k - 1] ?? '')).join(' ');
  const reused = builds.some((b) => b.note === boot.tool && b.output === out && b.command.args.some((a) => packages.test(a)) && options(b.command.args) === boot.same.join(' '));
  const build = reused ? boot.copy : boot.copy ? `${boot.build} && ${boot.copy}` : boot.build;
  const java = boot.start.exec ? boot.java : boot.java.map(startWord);
  const made = builtStart(facts, boot.start, { count: boot.count, build, artifact: java, tool: boot.tool === 'maven' ? 'Maven' : 'Gradle' });
  if ('skip' in made || !made.startCommand) return made;
  const before = boot.start.words.join(' ');
  const jar = java.indexOf('-jar');
  const mapped = java.length > jar + 2 || jar > 1 ? ' (the run goal\'s JVM options and arguments on the java command)' : '';
  const tool = boot.tool === 'maven' ? 'Maven' : 'Gradle';
  if (jarEntry === null) return { ...made, startCommand: { ...made.startCommand, reason: msg('split-start-jar', { command: java.join(' '), before, mapped, tool, entry: '' }) } };
  // On an image whose ENTRYPOINT is `java -jar` (distroless), the CMD names only the jar and its arguments.
  const line = `CMD ${JSON.stringify(java.slice(jar + 1)).replace(/","/g, '", "')}`;
  const entry = ` (the ENTRYPOINT of ${jarEntry} is \`java -jar\` already, so the CMD is ${line.slice(4)})`;
  return { ...made, startCommand: { ...made.startCommand, line, reason: msg('split-start-jar', { command: java.join(' '), before, mapped, tool, entry }) } };
}

/**
 * Maven's pre-fetch: `dependency:go-offline` with the build's own options (profiles, settings, -f), from the
 * poms alone. Only for a build of one module: go-offline tries to download the reactor's other modules, and
 * `<systemPath>` jars or a local repository in the context are not manifests.
 */
function prefetch(facts: Facts, run: RunFacts, build: CommandFacts): Outcome<Prefetch> {
  if (build.note !== 'maven') return { skip: 'only Maven has a dependency pre-fetch (Gradle resolves while it builds)', nothing: true };
  if (!facts.project.known) return { skip: 'no build context: cannot tell whether the pom has modules' };
  const args = build.command.args;
  if (args.some((a) => /^(-pl|--projects|-am|--also-make|-o|--offline|-rf|--resume-from)$/.test(a))) return { skip: 'the build selects modules or runs offline' };
  const poms = manifests(facts, run, build);
  if ('skip' in poms) return poms;
  const texts = poms.filter((p) => p.endsWith('.xml')).map((p) => facts.project.read(p) ?? '');
  if (texts.some((t) => /<modules>/.test(t))) return { skip: 'a multi-module build: go-offline would look for its own modules in the repositories' };
  if (texts.some((t) => /<systemPath>|<repository>[\s\S]*?<url>\s*file:/.test(t))) return { skip: 'the pom takes jars from the build context' };
  // The build's options without its goals and phases.
  const options: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith('-')) continue;
    options.push(a);
    if (MVN_VALUE_OPTS.includes(a) && args[k + 1] !== undefined) options.push(args[++k]);
  }
  // Settings files the build names come along (a missing one, or one outside the folder, is not followed).
  const settings: string[] = [];
  for (const name of [optionValue(args, ['-s', '--settings']), optionValue(args, ['-gs', '--global-settings'])]) {
    if (name === undefined) continue;
    const rel = name.replace(/^\.\//, '');
    if (rel.startsWith('/') || rel.startsWith('~') || rel.includes('$')) continue; // a file already in the image
    if (rel.split('/').includes('..') || !facts.project.exists(rel)) return { skip: `the settings file ${name} is not in the build folder` };
    settings.push(rel);
  }
  const env = Object.entries(build.command.env).map(([k, v]) => `${k}=${shellWord(v)}`);
  const extra = [...settings, ...(facts.project.exists('.mvn') && !poms.includes('.mvn/') ? ['.mvn/'] : [])];
  return { manifests: [...poms, ...extra], before: [`RUN ${[...env, ...[build.command.name, ...options, 'dependency:go-offline'].map(shellWord)].join(' ')}`], after: [] };
}

const has = (c: Command, ...names: string[]): boolean => c.args.some((a) => names.some((n) => a === n || a.startsWith(n + '=')));

/** Maven keeps what it downloads in ~/.m2/repository (settings.xml beside it stays in the image). */
const MAVEN_CACHE: CacheTool = {
  name: 'maven',
  uses: (c) => MAVEN.test(c.base) && !isVersionOnly(c),
  targets: [{ path: '/root/.m2/repository' }],
  defeats: (c) =>
    !MAVEN.test(c.base)
      ? null
      : c.args.some((a) => a.startsWith('-Dmaven.repo.local'))
        ? 'it sets its own -Dmaven.repo.local'
        : c.args.some((a) => a.startsWith('dependency:purge-local-repository'))
          ? '`dependency:purge-local-repository` empties it'
          : null,
  env: /^(MAVEN_OPTS|MAVEN_ARGS|MAVEN_CONFIG)$/,
  // A settings file of the context may move the local repository.
  unsure: (f) => (f.project.list('').some((n) => /^(\.mvn\/)?settings.*\.xml$/i.test(n) && /<localRepository>/.test(f.project.read(n) ?? '')) ? 'a settings file of the context sets <localRepository>' : null),
};

/** Gradle keeps dependencies in ~/.gradle/caches and wrapper distributions in ~/.gradle/wrapper. */
const GRADLE_CACHE: CacheTool = {
  name: 'gradle',
  uses: (c) => GRADLE.test(c.base) && !isVersionOnly(c),
  targets: [{ path: '/root/.gradle/caches' }, { path: '/root/.gradle/wrapper' }],
  defeats: (c) => (GRADLE.test(c.base) && has(c, '-g', '--gradle-user-home') ? 'it sets its own --gradle-user-home' : null),
  env: /^(GRADLE_USER_HOME|GRADLE_OPTS)$/,
};

const isVersionOnly = (c: Command): boolean => c.args.length > 0 && c.args.every((a) => a === '-v' || a === '--version');

/** `--cross-platform`: bytecode is the same on every platform, unless the build compiles native code (JNI). */
function crossBuild(facts: Facts): Outcome<CrossBuild> {
  const native = nativeCompilers(facts);
  if (native) return { skip: `the build compiles native code (${native} installed), which would be for the build machine` };
  return { inserts: [], args: [], how: 'the build makes JVM bytecode, the same on every platform' };
}

export const java: Ecosystem = {
  id: 'java',
  classify,
  commands: /^(mvnw?|gradlew?|lein|sbt|javac|jar)$/,
  detect,
  manifests,
  plan,
  prefetch,
  caches: [MAVEN_CACHE, GRADLE_CACHE],
  crossBuild,
  buildEnv: /^(MAVEN_OPTS|MAVEN_CONFIG|MAVEN_HOME|GRADLE_OPTS|GRADLE_USER_HOME|GRADLE_HOME)$/,
  buildPackages: ['maven', 'gradle'],
};
