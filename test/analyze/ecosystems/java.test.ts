// Java with Maven, Gradle or javac/jar: the jar the CMD runs, on the JRE of the same vendor and distro.
import { describe, expect, it } from 'vitest';
import { gradleJar, mavenJar } from '../../../src/analyze/ecosystems/java-boot-run.ts';
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
    // the JVM languages that build jars the same way
    ['lein uberjar', { role: 'build', output: '/app/target/', note: 'lein' }],
    ['lein ring uberjar', { role: 'build', output: '/app/target/', note: 'lein' }],
    ['lein deps', { role: 'dep-install', note: 'lein' }],
    ['sbt assembly -batch', { role: 'build', output: '/app/target/', note: 'sbt' }],
    ['sbt "clean; assembly"', { role: 'build', output: '/app/target/', note: 'sbt' }],
    ['sbt clean universal:packageZipTarball', { role: 'build', output: '/app/target/', note: 'sbt' }],
    ['sbt update', { role: 'dep-install', note: 'sbt' }],
    ['sbt test', { role: 'test', note: 'sbt' }],
  ])('%s', (shell, expected) => {
    expect(summary(classifyLine(java, shell))).toEqual(expected);
  });

  it.each(['java -jar app.jar', 'mvn help:effective-pom', 'dotnet publish -o /out', 'ant build', 'sbt console'])('leaves `%s` to others', (shell) => {
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
    ['nothing is built', dockerfile('FROM maven:3.9-eclipse-temurin-17', 'WORKDIR /app', 'COPY . .', 'RUN mvn dependency:go-offline', 'CMD ["java", "-jar", "app.jar"]'), /no Maven, Gradle, Leiningen, sbt or javac build/],
    ['installDist', app('CMD ["build/install/app/bin/app"]', 'gradle:8.5-jdk17', 'gradle installDist'), /installDist/],
    ['the CMD runs maven', app('CMD ["mvn", "test"]'), /needs the JDK at run time/],
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

// `mvn spring-boot:run` / `gradle bootRun` at start: the builder packages the jar with the same tool and options,
// the runtime starts it with `java -jar`, the run goal's JVM options and arguments mapped onto it.
describe('Spring Boot run goal at start', () => {
  const pom = (extra = '', plugin = '', head = '<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.5</version></parent>'): string =>
    `<project>${head}<artifactId>demo</artifactId><version>1.0.0</version>${extra}<build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>${plugin}</plugin></plugins></build></project>`;
  const BOOT = { 'pom.xml': pom(), 'src/main/java/App.java': '' };
  const GRADLE_BOOT = { 'build.gradle': "plugins {\n  id 'org.springframework.boot' version '3.2.5'\n}\nversion = '0.1.0'\n", 'settings.gradle': "rootProject.name = 'shop'\n", gradlew: '', 'src/main/java/App.java': '' };
  const start = (from: string, cmd: string, ...before: string[]): string => dockerfile(`FROM ${from}`, 'WORKDIR /app', 'COPY . .', ...before, cmd);
  const MVN = 'maven:3.9-eclipse-temurin-17';
  const JDK = 'eclipse-temurin:21-jdk';

  it.each<[string, string, Record<string, string>, { build: string; start: string; image: string; jar: string }]>([
    ['mvn, exec form', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), BOOT,
      { build: 'RUN mvn package -DskipTests', start: 'CMD ["java", "-jar", "/app/target/demo-1.0.0.jar"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['arguments and JVM options', start(MVN, 'CMD ["mvn", "-B", "spring-boot:run", "-Dspring-boot.run.arguments=--a=1 --b=2", "-Dspring-boot.run.jvmArguments=-Xmx1g -Dx=y"]'), BOOT,
      { build: 'RUN mvn -B package -DskipTests', start: 'CMD ["java", "-Xmx1g", "-Dx=y", "-jar", "/app/target/demo-1.0.0.jar", "--a=1", "--b=2"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['profiles, a Maven profile and other -D kept for the build', start(MVN, 'ENTRYPOINT ["mvn", "-Pprod", "-Dmaven.compiler.release=17", "spring-boot:run", "-Dspring-boot.run.profiles=prod"]'), BOOT,
      { build: 'RUN mvn -Pprod -Dmaven.compiler.release=17 package -DskipTests', start: 'ENTRYPOINT ["java", "-jar", "/app/target/demo-1.0.0.jar", "--spring.profiles.active=prod"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['the wrapper, shell form, clean and test phases run once in the build', start(JDK, 'CMD ./mvnw clean test spring-boot:run'), BOOT,
      { build: 'RUN ./mvnw clean package', start: 'CMD java -jar /app/target/demo-1.0.0.jar', image: 'eclipse-temurin:21-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['the plugin by its full name, sh -c', start(MVN, 'CMD ["sh", "-c", "exec mvn org.springframework.boot:spring-boot-maven-plugin:3.2.5:run -Dspring-boot.run.arguments=--port=$PORT"]'), BOOT,
      { build: 'RUN mvn package -DskipTests', start: 'CMD ["sh", "-c", "exec java -jar /app/target/demo-1.0.0.jar --port=$PORT"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['Spring Boot 2.1 splits the arguments at commas', start(MVN, 'CMD ["mvn", "spring-boot:run", "-Dspring-boot.run.arguments=--a=1,--b=2"]'), { 'pom.xml': pom().replace('3.2.5', '2.1.18.RELEASE') },
      { build: 'RUN mvn package -DskipTests', start: 'CMD ["java", "-jar", "/app/target/demo-1.0.0.jar", "--a=1", "--b=2"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['from 2.2 on, at blanks', start(MVN, 'CMD ["mvn", "spring-boot:run", "-Dspring-boot.run.arguments=--list=a,b --c=1"]'), BOOT,
      { build: 'RUN mvn package -DskipTests', start: 'CMD ["java", "-jar", "/app/target/demo-1.0.0.jar", "--list=a,b", "--c=1"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['a pom in a sub-folder', start(MVN, 'CMD ["mvn", "-f", "api/pom.xml", "spring-boot:run"]'), { 'api/pom.xml': pom() },
      { build: 'RUN mvn -f api/pom.xml package -DskipTests', start: 'CMD ["java", "-jar", "/app/api/target/demo-1.0.0.jar"]', image: 'eclipse-temurin:17-jre', jar: '/app/api/target/demo-1.0.0.jar' }],
    ['an earlier package of the same folder is not repeated', start(MVN, 'CMD ["mvn", "spring-boot:run"]', 'RUN mvn -B package'), BOOT,
      { build: '', start: 'CMD ["java", "-jar", "/app/target/demo-1.0.0.jar"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['an earlier package with another profile is', start(MVN, 'CMD ["mvn", "-Pprod", "spring-boot:run"]', 'RUN mvn -B package'), BOOT,
      { build: 'RUN mvn -Pprod package -DskipTests', start: 'CMD ["java", "-jar", "/app/target/demo-1.0.0.jar"]', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['a profile from a variable, shell form', start(MVN, 'CMD mvn spring-boot:run -Dspring-boot.run.profiles=$PROFILE'), BOOT,
      { build: 'RUN mvn package -DskipTests', start: 'CMD java -jar /app/target/demo-1.0.0.jar --spring.profiles.active=$PROFILE', image: 'eclipse-temurin:17-jre', jar: '/app/target/demo-1.0.0.jar' }],
    ['gradle, literal name and version', start('gradle:8-jdk17', 'CMD ["gradle", "bootRun", "--no-daemon", "--args=--server.port=9000"]'), GRADLE_BOOT,
      { build: 'RUN gradle --no-daemon bootJar', start: 'CMD ["java", "-jar", "/app/build/libs/shop-0.1.0.jar", "--server.port=9000"]', image: 'eclipse-temurin:17-jre', jar: '/app/build/libs/shop-0.1.0.jar' }],
    ['the Gradle wrapper, shell form, GRADLE_OPTS kept for the build', start(JDK, 'CMD GRADLE_OPTS=-Xmx1g ./gradlew clean bootRun'), GRADLE_BOOT,
      { build: 'RUN GRADLE_OPTS=-Xmx1g ./gradlew clean bootJar', start: 'CMD GRADLE_OPTS=-Xmx1g java -jar /app/build/libs/shop-0.1.0.jar', image: 'eclipse-temurin:21-jre', jar: '/app/build/libs/shop-0.1.0.jar' }],
    ['a Gradle name that cannot be told: the one boot jar is copied to a fixed name', start(JDK, 'CMD ["./gradlew", "bootRun"]'), { ...GRADLE_BOOT, 'build.gradle': "plugins { id 'org.springframework.boot' version '3.2.5' }\nversion = gitVersion()\n" },
      { build: 'RUN ./gradlew bootJar && set -- $(ls build/libs/*.jar | grep -v -- \'-plain\\.jar$\') && [ "$#" -eq 1 ] && mkdir -p build/boot && cp "$1" build/boot/app.jar', start: 'CMD ["java", "-jar", "/app/build/boot/app.jar"]', image: 'eclipse-temurin:21-jre', jar: '/app/build/boot/app.jar' }],
  ])('%s', (_name, text, files, expected) => {
    const plan = java.plan(factsOf(text, files), {});
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ build: plan.builderAfter.flatMap((b) => b.lines).join('\n'), start: plan.startCommand?.line, image: plan.runtime.image, jar: plan.handover[0] }).toEqual(expected);
  });

  it.each<[string, string, Record<string, string>, string | RegExp]>([
    ['no spring-boot-maven-plugin', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), MAVEN, /does not declare spring-boot-maven-plugin/],
    ['the plugin not bound to repackage', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), { 'pom.xml': pom('', '', '') }, /not bound to repackage/],
    ['the plugin configures the run', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), { 'pom.xml': pom('', '<configuration><environmentVariables><A>1</A></environmentVariables></configuration>') }, /<environmentVariables> for the run/],
    ['a war', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), { 'pom.xml': pom('<packaging>war</packaging>') }, 'the pom packages a war, not an executable jar'],
    ['a multi-module pom', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), { 'pom.xml': pom('<modules><module>api</module></modules>') }, /multi-module/],
    ['a version from a property set elsewhere', start(MVN, 'CMD ["mvn", "spring-boot:run"]'), { 'pom.xml': pom().replace('<version>1.0.0</version>', '<version>${revision}</version>') }, /\$\{revision\}/],
    ['a run option java has none for', start(MVN, 'CMD ["mvn", "spring-boot:run", "-Dspring-boot.run.mainClass=x.Y"]'), BOOT, /spring-boot\.run\.mainClass/],
    ['quoted words in the arguments', start(MVN, 'CMD ["mvn", "spring-boot:run", "-Dspring-boot.run.arguments=--name=\'a b\'"]'), BOOT, /quoted words/],
    ['another goal before the run', start(MVN, 'CMD ["mvn", "flyway:migrate", "spring-boot:run"]'), BOOT, /flyway:migrate/],
    ['modules picked at start', start(MVN, 'CMD ["mvn", "-pl", "api", "spring-boot:run"]'), BOOT, /-pl/],
    ['build options from variables', start(MVN, 'CMD mvn -P$PROFILE spring-boot:run'), BOOT, /build options from variables set at start/],
    ['gradle without the Spring Boot plugin', start(JDK, 'CMD ["./gradlew", "bootRun"]'), { 'build.gradle': "plugins { id 'java' }\n" }, /does not apply the Spring Boot plugin/],
    ['gradle configures every BootRun task', start(JDK, 'CMD ["./gradlew", "bootRun"]'), { 'build.gradle.kts': 'plugins { id("org.springframework.boot") version "3.2.5" }\ntasks.withType<BootRun> { jvmArgs("-Xmx1g") }\n' }, /configures bootRun/],
    ['gradle configures bootRun', start(JDK, 'CMD ["./gradlew", "bootRun"]'), { 'build.gradle': "plugins { id 'org.springframework.boot' version '3.2.5' }\ntasks.named('bootRun') { systemProperty 'a', 'b' }\n" }, /configures bootRun/],
    ['gradle --continuous', start(JDK, 'CMD ["./gradlew", "bootRun", "--continuous"]'), GRADLE_BOOT, /development loop/],
    ['bootRun of a subproject', start(JDK, 'CMD ["./gradlew", ":api:bootRun"]'), GRADLE_BOOT, /subproject/],
    ['an unprivileged user', start(MVN, 'CMD ["mvn", "spring-boot:run"]', 'USER nobody', 'RUN true'), BOOT, /nobody/],
  ])('skips: %s', (_name, text, files, why) => {
    expect(java.plan(factsOf(text, files), {})).toEqual({ skip: typeof why === 'string' ? why : expect.stringMatching(why) });
  });

  it.each<[string, string, string, string]>([
    ['exec form, no JVM options: the CMD names the jar', 'CMD ["mvn", "spring-boot:run", "-Dspring-boot.run.arguments=--a=1"]', 'gcr.io/distroless/java17-debian12:nonroot', 'CMD ["/app/target/demo-1.0.0.jar", "--a=1"]'],
    ['JVM options go before -jar: not distroless', 'CMD ["mvn", "spring-boot:run", "-Dspring-boot.run.jvmArguments=-Xmx1g"]', 'eclipse-temurin:17-jre', 'CMD ["java", "-Xmx1g", "-jar", "/app/target/demo-1.0.0.jar"]'],
    ['shell form: not distroless', 'CMD mvn spring-boot:run', 'eclipse-temurin:17-jre', 'CMD java -jar /app/target/demo-1.0.0.jar'],
  ])('--runtime-base distroless: %s', (_name, cmd, image, line) => {
    const plan = java.plan(factsOf(start(MVN, cmd), BOOT), { runtimeBase: 'distroless' });
    if ('skip' in plan) expect.fail(plan.skip);
    expect({ image: plan.runtime.image, line: plan.startCommand?.line }).toEqual({ image, line });
  });

  it('detects the tool from the start alone', () => {
    expect(factsOf(start(MVN, 'CMD ["mvn", "spring-boot:run"]'), BOOT).packageManager).toBe('maven');
    expect(factsOf(start(JDK, 'CMD ["./gradlew", "bootRun"]'), GRADLE_BOOT).packageManager).toBe('gradle');
  });

  it.each<[string, string, string | { skip: RegExp }]>([
    ['artifactId and version', pom(), 'demo-1.0.0.jar'],
    ['the version of the parent, written', '<project><parent><artifactId>base</artifactId><version>2.1</version></parent><artifactId>svc</artifactId><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId><executions><execution><goals><goal>repackage</goal></goals></execution></executions></plugin></plugins></build></project>', 'svc-2.1.jar'],
    ['finalName with properties', pom('<properties><suffix>x</suffix></properties>').replace('<build>', '<build><finalName>${project.artifactId}-${suffix}</finalName>'), 'demo-x.jar'],
    ['a classifier', pom('', '<configuration><classifier>exec</classifier></configuration>'), 'demo-1.0.0-exec.jar'],
    ['the artifactId of a dependency is not the project\'s', pom('<dependencies><dependency><artifactId>lib</artifactId><version>9</version></dependency></dependencies>'), 'demo-1.0.0.jar'],
    ['commented out', pom().replace('<version>1.0.0</version>', '<!-- <version>0.9</version> --><version>1.0.0</version>'), 'demo-1.0.0.jar'],
  ])('Maven jar name: %s', (_name, text, expected) => {
    expect(mavenJar(text)).toEqual(expected);
  });

  it.each<[string, string, string, string, string | null]>([
    ['rootProject.name and version', "version = '1.2'\n", "rootProject.name = 'shop'", '', 'shop-1.2.jar'],
    ['Kotlin DSL', 'version = "1.2"\n', 'rootProject.name = "shop"', '', 'shop-1.2.jar'],
    ['the folder and gradle.properties', '', '', 'version=3.0.0\n', 'app-3.0.0.jar'],
    ['no version', '', '', '', 'app.jar'],
    ['archiveFileName', "bootJar {\n  archiveFileName = 'service.jar'\n}\n", '', '', 'service.jar'],
    ['archiveFileName.set', 'tasks.bootJar {\n  archiveFileName.set("service.jar")\n}\n', '', '', 'service.jar'],
    ['archiveBaseName', "bootJar { archiveBaseName = 'x' }\n", '', '', null],
    ['a computed version', 'version = "1.${build}"\n', '', '', null],
    ['a version set in a block', "allprojects {\n  version = '1.0'\n}\n", '', '', null],
  ])('Gradle jar name: %s', (_name, script, settings, props, expected) => {
    expect(gradleJar(script, settings, props, 'app')).toBe(expected);
  });
});
