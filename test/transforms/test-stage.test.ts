// --test-stage: the fixtures run the transform alone on split files; the table runs the whole conversion on
// single-stage originals of each ecosystem and checks the family's promises: the tests leave the builder for a
// `test` stage that starts from it, the runtime stage is the same as without the flag, and without the flag
// the tests stay where they were.
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../../src/index.ts';
import { finalStage } from '../../src/model/model.ts';
import { parse } from '../../src/model/parse.ts';
import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('test-stage');

const pkg = (scripts: object, dev = {}): string => JSON.stringify({ scripts, devDependencies: dev });
const GO = { 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': 'package main\nfunc main(){}\n' };
const POM = { 'pom.xml': '<project></project>', 'src/main/java/App.java': '' };

/** [ecosystem case, original, context, the test command as it must appear in the test stage] */
const TABLE: [string, string, Record<string, string>, string][] = [
  ['npm test in a chain', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm test && npm run build\nCMD ["node","dist/server.js"]\n', { 'package.json': pkg({ build: 'tsc', test: 'jest' }, { jest: '1' }), 'package-lock.json': '{}' }, 'RUN npm test'],
  ['npm run test:unit', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nRUN npm run test:unit\nCMD ["node","dist/server.js"]\n', { 'package.json': pkg({ build: 'tsc' }), 'package-lock.json': '{}' }, 'RUN npm run test:unit'],
  ['yarn test', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn install && yarn build && yarn test\nCMD ["node","dist/server.js"]\n', { 'package.json': pkg({ build: 'tsc' }), 'yarn.lock': '' }, 'RUN yarn test'],
  ['pytest', 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && pytest\nCMD ["python", "app.py"]\n', { 'requirements.txt': 'pytest\n', 'app.py': '' }, 'RUN pytest'],
  ['python -m pytest', 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nRUN python -m pytest -q\nCMD ["python", "app.py"]\n', { 'requirements.txt': 'pytest\n', 'app.py': '' }, 'RUN python -m pytest -q'],
  ['go test ./...', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go test ./... && CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n', GO, 'RUN go test ./...'],
  ['go test -race after the build', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nRUN go test -race ./...\nCMD ["/out/app"]\n', GO, 'RUN go test -race ./...'],
  ['cargo test', 'FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN cargo test --release && cargo build --release\nCMD ["./target/release/app"]\n', { 'Cargo.toml': '[package]\nname = "app"\n', 'Cargo.lock': '', 'src/main.rs': '' }, 'RUN cargo test --release'],
  ['mvn test', 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn -B test\nRUN mvn -B package -DskipTests\nCMD ["java","-jar","target/app.jar"]\n', POM, 'RUN mvn -B test'],
  ['mvn package runs the tests itself', 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\nCMD ["java","-jar","target/app.jar"]\n', POM, 'RUN mvn -B package'],
  ['mvn verify runs the tests itself', 'FROM maven:3.9-eclipse-temurin-17\nWORKDIR /app\nCOPY . .\nRUN mvn -B clean verify\nCMD ["java","-jar","target/app.jar"]\n', POM, 'RUN mvn -B clean verify'],
  ['gradle build runs the tests itself', 'FROM gradle:8-jdk17\nWORKDIR /home/gradle/src\nCOPY . .\nRUN gradle build --no-daemon\nCMD ["java","-jar","build/libs/app.jar"]\n', { 'build.gradle': '' }, 'RUN gradle build --no-daemon'],
  ['gradle test', 'FROM gradle:8-jdk17\nWORKDIR /home/gradle/src\nCOPY . .\nRUN gradle test --no-daemon && gradle bootJar --no-daemon\nCMD ["java","-jar","build/libs/app.jar"]\n', { 'build.gradle': '' }, 'RUN gradle test --no-daemon'],
  ['dotnet test', 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet restore && dotnet test && dotnet publish -c Release -o /app/publish\nWORKDIR /app/publish\nENTRYPOINT ["dotnet", "App.dll"]\n', { 'App.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>', 'Program.cs': '' }, 'RUN dotnet test'],
  ['bundle exec rspec', 'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nRUN bundle exec rspec\nCMD ["ruby", "app.rb"]\n', { Gemfile: "gem 'sinatra'\n", 'Gemfile.lock': '', 'app.rb': '' }, 'RUN bundle exec rspec'],
  ['phpunit', 'FROM php:8.3-apache\nWORKDIR /var/www/html\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nCOPY . .\nRUN composer install && vendor/bin/phpunit\n', { 'composer.json': '{}', 'composer.lock': '{}', 'index.php': '' }, 'RUN vendor/bin/phpunit'],
];

/** The text of the stage named `name` (from its FROM to the next FROM). */
const stageText = (text: string, name: string): string => {
  const m = parse(text);
  const s = m.stages.find((x) => x.name === name);
  if (!s) return '';
  const next = m.stages[s.index + 1];
  return text.slice(s.from.range[0], next ? next.from.lines[0] : text.length);
};

describe('--test-stage across ecosystems (whole conversion)', () => {
  it.each(TABLE)('%s', (_name, original, files, line) => {
    const project = projectFromFiles(files);
    const plain = convert(original, { project });
    const withTests = convert(original, { project, testStage: true });
    expect(withTests.status, JSON.stringify(withTests.reason)).toBe('converted');
    expect(withTests.output).toContain('FROM builder AS test');
    const test = stageText(withTests.output, 'test');
    // (Cache mounts may decorate it, as any builder-stage RUN.)
    expect(test).toMatch(new RegExp(`RUN (--mount=\\S+ )*${line.slice(4).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    // The builder no longer runs the tests (a build that ran them itself now skips them)...
    const builder = stageText(withTests.output, 'builder');
    const cmd = line.slice(4);
    if (/mvn -B (package|clean verify)|gradle build/.test(cmd)) expect(builder).toMatch(/-DskipTests|-x test/);
    else expect(builder).not.toContain(cmd);
    // ... the runtime is exactly what the conversion without the flag makes ...
    const final = (t: string): string => { const m = parse(t); const f = finalStage(m); return t.slice(f.from.range[0]); };
    expect(final(withTests.output)).toBe(final(plain.output));
    // ... the summary says that a default build no longer runs them ...
    expect(withTests.notes.some((n) => n.message.id === 'test-stage-default')).toBe(true);
    // ... and without the flag the tests stay in the builder.
    expect(plain.output).not.toContain('AS test');
    expect(stageText(plain.output, 'builder')).toContain(cmd);
  });
});

describe('tests in the final stage of a file that was not split', () => {
  it('move to a test stage after it, and the file ends with `FROM <it>` so the default target has no tests', () => {
    const text = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt && python -m pytest -q\nCMD ["python", "app.py"]\n';
    const project = projectFromFiles({ 'requirements.txt': 'flask\npytest\n', 'app.py': '' });
    const r = convert(text, { project, testStage: true });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    const m = parse(r.output);
    expect(m.stages.map((s) => s.name)).toEqual(['runtime', 'test', null]);
    expect(finalStage(m).name).toBe('runtime');
    expect(stageText(r.output, 'runtime')).not.toContain('pytest');
    expect(stageText(r.output, 'test')).toContain('RUN python -m pytest -q');
    expect(r.output.endsWith('FROM runtime\n')).toBe(true);
    // With a debug stage too, the debug stage goes before that last line.
    const both = parse(convert(text, { project, testStage: true, debugStage: true }).output);
    expect(both.stages.map((s) => s.name)).toEqual(['runtime', 'test', 'debug', null]);
  });
});
