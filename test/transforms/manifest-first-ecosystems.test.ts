// One row per ecosystem: a single-stage Dockerfile that copies everything, installs and builds goes through the
// whole conversion; the builder must copy the manifests first, run the install (or the tool's pre-fetch) from
// them with the package manager's cache mounted at the folder that tool really uses, and copy the sources after.
import { describe, expect, it } from 'vitest';
import { projectFromFiles } from '../../src/analyze/project.ts';
import { convert } from '../../src/convert.ts';

interface Row {
  readonly files: Readonly<Record<string, string>>;
  readonly lines: readonly string[];
  /** The line (its start) that installs or pre-fetches the dependencies. */
  readonly install: string;
  /** The manifest COPY line expected before it. */
  readonly manifests: string;
  /** Cache targets mounted on the install. */
  readonly targets: readonly string[];
  /** A line expected right after the source COPY. */
  readonly after?: string;
}

const POM = '<project><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>app</artifactId><version>1</version></project>';

const ROWS: Record<string, Row> = {
  npm: {
    files: { 'package.json': '{"name":"a","scripts":{"build":"tsc"}}', 'package-lock.json': '{}', 'src/index.ts': '' },
    lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'RUN npm run build', 'CMD ["node", "dist/index.js"]'],
    install: 'npm ci', manifests: 'COPY package.json package-lock.json ./', targets: ['/root/.npm'],
  },
  pip: {
    files: { 'requirements.txt': 'flask\n', 'app.py': '' },
    lines: ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD ["python", "app.py"]'],
    install: 'pip install', manifests: 'COPY requirements.txt .', targets: ['/root/.cache/pip'],
  },
  go: {
    files: { 'go.mod': 'module x\n', 'go.sum': '', 'main.go': 'package main\n' },
    lines: ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go mod download', 'RUN CGO_ENABLED=0 go build -o /out/app .', 'CMD ["/out/app"]'],
    install: 'go mod download', manifests: 'COPY go.mod go.sum ./', targets: ['/go/pkg/mod', '/root/.cache/go-build'],
  },
  maven: {
    files: { 'pom.xml': POM, 'src/main/java/App.java': '' },
    lines: ['FROM maven:3.9-eclipse-temurin-17', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B dependency:go-offline', 'RUN mvn -B package', 'CMD ["java", "-jar", "target/app-1.jar"]'],
    install: 'mvn -B dependency:go-offline', manifests: 'COPY pom.xml .', targets: ['/root/.m2/repository'],
  },
  gradle: {
    files: { 'build.gradle': '', 'settings.gradle': "rootProject.name = 'app'\n", gradlew: '', 'gradle/wrapper/gradle-wrapper.properties': '', 'src/main/java/App.java': '' },
    lines: ['FROM eclipse-temurin:17-jdk', 'WORKDIR /app', 'COPY . .', 'RUN ./gradlew dependencies', 'RUN ./gradlew bootJar', 'CMD ["java", "-jar", "build/libs/app.jar"]'],
    install: './gradlew dependencies', manifests: 'COPY build.gradle settings.gradle gradlew ./', targets: ['/root/.gradle/caches', '/root/.gradle/wrapper'],
  },
  bundler: {
    files: { Gemfile: "source 'https://rubygems.org'\ngem 'rack'\n", 'Gemfile.lock': '', 'config.ru': '' },
    lines: ['FROM ruby:3.3', 'WORKDIR /app', 'COPY . .', 'RUN bundle install', 'CMD ["bundle", "exec", "rackup"]'],
    install: 'bundle install', manifests: 'COPY Gemfile Gemfile.lock ./', targets: ['/usr/local/bundle/cache'],
  },
  composer: {
    files: { 'composer.json': '{"require":{}}', 'composer.lock': '{}', 'index.php': '' },
    lines: ['FROM php:8.2-apache', 'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer', 'RUN apt-get update && apt-get install -y --no-install-recommends unzip git && rm -rf /var/lib/apt/lists/*', 'WORKDIR /var/www/html', 'COPY . .', 'RUN composer install --no-dev'],
    install: 'composer install', manifests: 'COPY composer.json composer.lock ./', targets: ['/root/.composer/cache', '/root/.cache/composer'],
  },
  nuget: {
    files: { 'app.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>', 'Program.cs': '' },
    lines: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY . .', 'RUN dotnet restore', 'RUN dotnet publish -c Release -o /app/publish', 'WORKDIR /app/publish', 'ENTRYPOINT ["dotnet", "app.dll"]'],
    install: 'dotnet restore', manifests: 'COPY app.csproj .', targets: ['/root/.nuget/packages'],
  },
  // No install step in the original: the tool's own pre-fetch is added before the sources.
  'maven, pre-fetched': {
    files: { 'pom.xml': POM, 'src/main/java/App.java': '' },
    lines: ['FROM maven:3.9-eclipse-temurin-17', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B package -DskipTests', 'CMD ["java", "-jar", "target/app-1.jar"]'],
    install: 'mvn -B -DskipTests dependency:go-offline', manifests: 'COPY pom.xml .', targets: ['/root/.m2/repository'],
  },
  'cargo, pre-built from stubs': {
    files: { 'Cargo.toml': '[package]\nname = "srv"\nversion = "0.1.0"\n', 'Cargo.lock': '', 'src/main.rs': 'fn main() {}\n' },
    lines: ['FROM rust:1.75', 'WORKDIR /app', 'COPY . .', 'RUN cargo build --release', 'CMD ["./target/release/srv"]'],
    install: "echo 'fn main() {}' > src/main.rs && cargo build --release", manifests: 'COPY Cargo.toml Cargo.lock ./', targets: ['/usr/local/cargo/registry', '/usr/local/cargo/git'],
    after: 'RUN touch src/main.rs',
  },
  'nuget, restored first': {
    files: { 'app.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>', 'Program.cs': '' },
    lines: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY . .', 'RUN dotnet publish -c Release -o /app/publish', 'WORKDIR /app/publish', 'ENTRYPOINT ["dotnet", "app.dll"]'],
    install: 'dotnet restore', manifests: 'COPY app.csproj .', targets: ['/root/.nuget/packages'],
  },
};

describe('manifest-first and cache mounts, per ecosystem', () => {
  it.each(Object.entries(ROWS))('%s', (_name, row) => {
    const r = convert(row.lines.join('\n') + '\n', { project: projectFromFiles(row.files) });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    const out = r.output.split('\n');
    const first = out.findIndex((l) => /^FROM /.test(l));
    const builderEnd = out.findIndex((l, k) => k > first && /^FROM /.test(l));
    expect(builderEnd, r.output).toBeGreaterThan(0);
    const builder = out.slice(0, builderEnd);
    const manifests = builder.indexOf(row.manifests);
    const install = builder.findIndex((l) => /^RUN /.test(l) && l.includes(row.install));
    const sources = builder.findIndex((l) => /^COPY (--chown=\S+ )?\. \.$/.test(l));
    expect(manifests, r.output).toBeGreaterThan(-1);
    expect(install, r.output).toBeGreaterThan(manifests);
    expect(sources, r.output).toBeGreaterThan(install);
    for (const t of row.targets) expect(builder[install]).toContain(`--mount=type=cache,target=${t}`);
    if (row.after) expect(builder[sources + 1]).toBe(row.after);
  });
});
