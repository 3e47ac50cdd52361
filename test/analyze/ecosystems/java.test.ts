// Java with Maven, Gradle or javac/jar: the jar the CMD runs, on the JRE of the same vendor and distro.
import { describe, expect, it } from 'vitest';
import { java } from '../../../src/analyze/ecosystems/java.ts';
import type { Options } from '../../../src/options.ts';
import { classifyLine, dockerfile, factsOf, manifestsOf, summary } from './helpers.ts';

const POM = '<project><artifactId>app</artifactId></project>\n';
const MAVEN = { 'pom.xml': POM, 'src/main/java/App.java': '' };

describe('classify', () => {
  it.each([
    ['mvn -B package -DskipTests', { role: 'build', output: '/app/target/', note: 'maven' }],
    ['mvn -f backend/pom.xml clean install', { role: 'build', output: '/app/backend/target/', note: 'maven', skipTests: '-DskipTests' }],
    ['./mvnw dependency:go-offline -B', { role: 'dep-install', note: 'maven' }],
    ['mvn -q dependency:resolve dependency:resolve-plugins', { role: 'dep-install', note: 'maven' }],
    ['mvn test', { role: 'test', note: 'maven' }],
    ['mvn -v', { role: 'neutral' }],
    ['gradle build --no-daemon -x test', { role: 'build', output: '/app/build/libs/', note: 'gradle' }],
    ['./gradlew :server:bootJar', { role: 'build', output: '/app/build/libs/', note: 'gradle' }],
    ['gradle -p service installDist', { role: 'build', output: '/app/service/build/install/', note: 'gradle' }],
    ['gradle dependencies', { role: 'dep-install', note: 'gradle' }],
    ['./gradlew --refresh-dependencies help', { role: 'dep-install', note: 'gradle' }],
    ['gradle check', { role: 'test', note: 'gradle' }],
    ['gradle --version', { role: 'neutral' }],
    ['javac -d out src/App.java', { role: 'build', note: 'javac' }],
    ['jar cfe app.jar App -C out .', { role: 'build', output: '/app/app.jar', note: 'javac' }],
    ['jar --create --file /opt/app.jar -C out .', { role: 'build', output: '/opt/app.jar', note: 'javac' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(java, shell))).toEqual(expected);
  });

  it.each(['java -jar app.jar', 'mvn help:effective-pom', 'dotnet publish -o /out', 'ant build', 'sbt assembly'])('leaves `%s` to others', (shell) => {
    expect(classifyLine(java, shell)).toBeNull();
  });

  it('`mvn clean` is not a dependency install', () => {
    expect(classifyLine(java, 'mvn clean')?.role).not.toBe('dep-install');
  });
});

describe('detect', () => {
  it.each([
    ['maven', dockerfile('FROM maven:3.9-eclipse-temurin-17', 'RUN mvn -B package'), 'java', 'maven'],
    ['the gradle wrapper', dockerfile('FROM eclipse-temurin:21-jdk', 'RUN ./gradlew build'), 'java', 'gradle'],
    ['plain javac', dockerfile('FROM eclipse-temurin:21-jdk', 'RUN javac -d out App.java && jar cf app.jar -C out .'), 'java', 'javac'],
    // The first build tool that does something decides; a version check does not.
    ['mvn -v, then gradle', dockerfile('FROM eclipse-temurin:21-jdk', 'RUN mvn -v', 'RUN gradle build'), 'java', 'gradle'],
    // Java is asked before Node: the front end built with npm does not make it a Node image.
    ['java before npm', dockerfile('FROM maven:3.9-eclipse-temurin-17', 'RUN npm ci && npm run build', 'RUN mvn -B package'), 'java', 'maven'],
    // Go is asked before Java.
    ['go before java', dockerfile('FROM maven:3.9-eclipse-temurin-17', 'RUN go build -o /bin/agent ./agent', 'RUN mvn -B package'), 'go', 'go'],
    ['a JDK image alone', dockerfile('FROM eclipse-temurin:21-jdk', 'COPY app.jar /app.jar'), undefined, null],
  ])('%s', (_name, text, id, pm) => {
    const facts = factsOf(text);
    expect(facts.ecosystem?.id).toBe(id);
    expect(facts.packageManager).toBe(pm);
  });
});

describe('manifests', () => {
  const stage = (install: string, from = 'maven:3.9-eclipse-temurin-17'): string =>
    dockerfile(`FROM ${from}`, 'WORKDIR /app', 'COPY . .', `RUN ${install}`, 'RUN mvn -B package');

  it.each([
    ['maven, no context', 'mvn dependency:go-offline', undefined, ['pom.xml']],
    ['maven wrapper, no context', './mvnw dependency:go-offline', undefined, ['pom.xml', 'mvnw', '.mvn/']],
    ['maven with a context', 'mvn dependency:go-offline', MAVEN, ['pom.xml']],
    ['maven wrapper without .mvn', './mvnw dependency:go-offline', { ...MAVEN, mvnw: '' }, ['pom.xml', 'mvnw']],
    ['no pom.xml', 'mvn dependency:go-offline', { 'build.xml': '' }, { skip: 'no pom.xml in the build context' }],
    ['multi-module: every module pom', 'mvn dependency:go-offline', { 'pom.xml': '<project><modules><module>a</module></modules></project>', 'a/pom.xml': '<project/>' }, ['pom.xml', 'a/pom.xml']],
    ['a module missing from the context', 'mvn dependency:go-offline', { 'pom.xml': '<project><modules><module>a</module></modules></project>' }, { skip: 'pom.xml names a/pom.xml, which is not in the build context' }],
    ['gradle, no context', 'gradle dependencies', undefined, { skip: expect.stringContaining('no build context') }],
    ['gradle with a context', './gradlew dependencies', { 'build.gradle.kts': '', 'settings.gradle.kts': 'rootProject.name = "app"\n', gradlew: '', 'gradle/wrapper/gradle-wrapper.properties': '', 'src/Main.kt': '' },
      ['build.gradle.kts', 'settings.gradle.kts', 'gradlew', 'gradle/']],
    ['gradle subprojects: their build scripts', 'gradle dependencies', { 'build.gradle': '', 'settings.gradle': "include 'api', 'core'\n", 'api/build.gradle': '', 'core/build.gradle.kts': '' },
      ['build.gradle', 'settings.gradle', 'api/build.gradle', 'core/build.gradle.kts']],
    ['gradle buildSrc, whole', 'gradle dependencies', { 'build.gradle': '', 'buildSrc/build.gradle': '' }, ['build.gradle', 'buildSrc/']],
  ])('%s', (_name, install, files, expected) => {
    expect(manifestsOf(java, stage(install), files)).toEqual(expected);
  });

  it.each([
    ['`-f` names a pom in a folder', 'mvn -f backend/pom.xml dependency:go-offline', { 'pom.xml': POM, 'backend/pom.xml': POM }, ['backend/pom.xml']],
    ['`--file` names the folder', 'mvn --file backend dependency:go-offline', { 'backend/pom.xml': POM }, ['backend/pom.xml']],
    ['`-f` pom with its modules', 'mvn -f ./backend/pom.xml dependency:go-offline', { 'backend/pom.xml': '<project><modules><module>core</module></modules></project>', 'backend/core/pom.xml': POM }, ['backend/pom.xml', 'backend/core/pom.xml']],
    ['`-f` pom missing', 'mvn -f backend/pom.xml dependency:go-offline', { 'pom.xml': POM }, { skip: 'no backend/pom.xml in the build context' }],
    ['`-f` outside the folder', 'mvn -f ../pom.xml dependency:go-offline', { 'pom.xml': POM }, { skip: expect.stringContaining('outside the build folder') }],
  ])('%s', (_name, install, files, expected) => {
    expect(manifestsOf(java, stage(install), files)).toEqual(expected);
  });
});

describe('plan', () => {
  const app = (cmd: string, from = 'maven:3.9-eclipse-temurin-17', build = 'mvn -B package -DskipTests'): string =>
    dockerfile(`FROM ${from}`, 'WORKDIR /app', 'COPY . .', `RUN ${build}`, cmd);

  it.each<[string, string, Record<string, string> | undefined, Options, { image: string; handover: string[]; note: string }]>([
    ['the jar on the JRE', app('CMD ["java", "-jar", "target/app.jar"]'), MAVEN, {}, { image: 'eclipse-temurin:17-jre', handover: ['/app/target/app.jar'], note: '' }],
    ['a jar glob hands over its folder', app('CMD java -jar /app/target/*.jar'), MAVEN, {}, { image: 'eclipse-temurin:17-jre', handover: ['/app/target'], note: '' }],
    ['a class path', app('CMD ["java", "-cp", "out:lib/*", "App"]', 'eclipse-temurin:21-jdk-jammy', 'javac -d out App.java'), { 'App.java': '' }, {},
      { image: 'eclipse-temurin:21-jre-jammy', handover: ['/app/out', '/app/lib'], note: '' }],
    ['copied config comes along', app('CMD ["java", "-jar", "target/app.jar"]'), { ...MAVEN, 'config/application.yml': '' }, {},
      { image: 'eclipse-temurin:17-jre', handover: ['/app/target/app.jar', '/app/config'], note: '' }],
    ['gradle on Alpine', app('ENTRYPOINT ["java", "-jar", "/app/build/libs/app.jar"]', 'gradle:8.5-jdk17-alpine', 'gradle build'), { 'build.gradle': '' }, {},
      { image: 'eclipse-temurin:17-jre-alpine', handover: ['/app/build/libs/app.jar'], note: '' }],
    ['--runtime-base slim', app('CMD ["java", "-jar", "target/app.jar"]'), MAVEN, { runtimeBase: 'slim' }, { image: 'eclipse-temurin:17-jre', handover: ['/app/target/app.jar'], note: '' }],
    ['--runtime-base alpine on Alpine', app('CMD ["java", "-jar", "target/app.jar"]', 'maven:3.9-eclipse-temurin-21-alpine'), MAVEN, { runtimeBase: 'alpine' },
      { image: 'eclipse-temurin:21-jre-alpine', handover: ['/app/target/app.jar'], note: '' }],
    ['--runtime-base alpine on glibc', app('CMD ["java", "-jar", "target/app.jar"]'), MAVEN, { runtimeBase: 'alpine' },
      { image: 'eclipse-temurin:17-jre', handover: ['/app/target/app.jar'], note: '--runtime-base alpine not used: it would change the C library (glibc)' }],
    // distroless java starts `java -jar` itself: the CMD loses its interpreter (the plan's startCommand).
    ['--runtime-base distroless', app('CMD ["java", "-jar", "target/app.jar"]'), MAVEN, { runtimeBase: 'distroless' },
      { image: 'gcr.io/distroless/java17-debian12:nonroot', handover: ['/app/target/app.jar'], note: '' }],
    ['--runtime-base distroless, java options before -jar', app('CMD ["java", "-Xmx1g", "-jar", "target/app.jar"]'), MAVEN, { runtimeBase: 'distroless' },
      { image: 'eclipse-temurin:17-jre', handover: ['/app/target/app.jar'], note: '--runtime-base distroless not used: its ENTRYPOINT is `java -jar`, and the start command is not `java -jar <jar>` in exec form' }],
    ['--runtime-base scratch', app('CMD ["java", "-jar", "target/app.jar"]'), MAVEN, { runtimeBase: 'scratch' },
      { image: 'eclipse-temurin:17-jre', handover: ['/app/target/app.jar'], note: '--runtime-base scratch not used: no such image for this runtime' }],
  ])('%s', (_name, text, files, options, expected) => {
    const plan = java.plan(factsOf(text, files), options);
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, handover: plan.handover, note: plan.policyNote }).toEqual(expected);
  });

  it('carries runtime packages but not the build tools', () => {
    const text = app('HEALTHCHECK CMD curl -f http://localhost:8080/health\nCMD ["java", "-jar", "target/app.jar"]', 'eclipse-temurin:17-jdk', 'apt-get update && apt-get install -y maven fontconfig && mvn -B package');
    const plan = java.plan(factsOf(text, MAVEN), {});
    expect(plan).toMatchObject({ runtimePackages: ['fontconfig', 'curl'] });
  });

  it.each([
    ['nothing is built', dockerfile('FROM maven:3.9-eclipse-temurin-17', 'WORKDIR /app', 'COPY . .', 'RUN mvn dependency:go-offline', 'CMD ["java", "-jar", "app.jar"]'), /no Maven, Gradle or javac build/],
    ['installDist', app('CMD ["build/install/app/bin/app"]', 'gradle:8.5-jdk17', 'gradle installDist'), /installDist/],
    ['the CMD runs maven', app('CMD ["mvn", "spring-boot:run"]'), /needs the JDK at run time/],
    ['the CMD does not run java', app('CMD ["./start.sh"]'), /does not run `java`/],
    ['no JRE of the same vendor', app('CMD ["java", "-jar", "target/app.jar"]', 'maven:3.9-amazoncorretto-17'), /same vendor/],
    ['a jar named by a variable', app('CMD java -jar $JAR'), 'cannot tell which jar the CMD runs'],
    // Only an absolute glob is resolved (to its folder); a relative one is not.
    ['a relative jar glob', app('CMD java -jar target/*.jar'), 'cannot tell which jar the CMD runs'],
  ])('skips: %s', (_name, text, why) => {
    expect(java.plan(factsOf(text, MAVEN), {})).toEqual({ skip: typeof why === 'string' ? why : expect.stringMatching(why) });
  });
});

describe('tests a build runs itself (--test-stage)', () => {
  it.each([
    ['mvn -B package', '-DskipTests'],
    ['mvn clean install', '-DskipTests'],
    ['./mvnw -B verify', '-DskipTests'],
    ['gradle build --no-daemon', '-x test'],
    ['./gradlew clean build', '-x test'],
  ])('`%s` runs the tests unless given %s', (shell, flag) => {
    expect(summary(classifyLine(java, shell))?.skipTests).toBe(flag);
  });
  it.each(['mvn -B package -DskipTests', 'mvn package -Dmaven.test.skip=true', 'mvn -B compile', 'gradle build -x test', 'gradle bootJar', 'gradle assemble'])('`%s` runs none', (shell) => {
    expect(summary(classifyLine(java, shell))?.skipTests).toBeUndefined();
  });
  it.each(['mvn -B test', 'gradle test'])('`%s` is a test command', (shell) => {
    expect(summary(classifyLine(java, shell))?.role).toBe('test');
  });
});
