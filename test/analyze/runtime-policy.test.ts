// `--runtime-base` on every ecosystem, through convert(): each policy either produces its image family or
// the conversion says why not in a note (and keeps the ecosystem's own choice). No policy is ignored silently.
import { describe, expect, it } from 'vitest';
import { projectFromFiles } from '../../src/analyze/project.ts';
import { convert } from '../../src/convert.ts';
import type { RuntimeBasePolicy, StaticServer } from '../../src/options.ts';

interface Sample {
  readonly dockerfile: string;
  readonly files: Record<string, string>;
  readonly staticServer?: StaticServer;
}

const SAMPLES: Record<string, Sample> = {
  node: {
    dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n',
    files: { 'package.json': '{"name":"a","scripts":{"build":"tsc"}}', 'package-lock.json': '{}' },
  },
  python: {
    dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    files: { 'requirements.txt': 'flask==3.0.0\n', 'app.py': '' },
  },
  go: {
    dockerfile: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n',
    files: { 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': 'package main\n' },
  },
  rust: {
    dockerfile: 'FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/app/target/release/demo"]\n',
    files: { 'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\n', 'Cargo.lock': 'version = 3\n', 'src/main.rs': '' },
  },
  java: {
    dockerfile: 'FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN ./mvnw -B package\nCMD ["java", "-jar", "target/app.jar"]\n',
    files: { 'pom.xml': '<project/>', mvnw: '', 'src/Main.java': '' },
  },
  dotnet: {
    dockerfile: 'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nENTRYPOINT ["dotnet", "/app/Web.dll"]\n',
    files: { 'Web.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>' },
  },
  ruby: {
    dockerfile: 'FROM ruby:3.3\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "puma"]\n',
    files: { Gemfile: "source 'https://rubygems.org'\ngem 'puma'\n", 'Gemfile.lock': 'GEM\n  specs:\n    puma (6.4.0)\n' },
  },
  php: {
    dockerfile: 'FROM php:8.2-apache\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /var/www/html\nCOPY . .\nRUN composer install --no-dev --no-scripts\n',
    files: { 'composer.json': '{"require":{}}', 'composer.lock': '{}' },
  },
  native: {
    dockerfile: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential zlib1g-dev\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["/src/app"]\n',
    files: { Makefile: 'app: app.c\n\tcc -o app app.c -lz\n', 'app.c': '' },
  },
  system: {
    dockerfile: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y git\nRUN git clone https://example.invalid/tool.git /opt/tool\nCMD ["/opt/tool/run"]\n',
    files: {},
  },
  static: {
    dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nEXPOSE 3000\nCMD ["npx", "serve", "-s", "build", "-l", "3000"]\n',
    files: { 'package.json': '{"name":"a","scripts":{"build":"vite build"}}', 'package-lock.json': '{}' },
    staticServer: 'nginx',
  },
};

// The runtime image each policy gives, or `note` when the policy cannot be followed (then the default stays).
const EXPECTED: Record<string, Record<RuntimeBasePolicy, RegExp | 'note'>> = {
  node: { slim: /^node:20-slim$/, distroless: /^gcr\.io\/distroless\/nodejs20-debian12:nonroot$/, alpine: 'note', scratch: 'note' },
  python: { slim: /^python:3\.12-slim$/, distroless: 'note', alpine: 'note', scratch: 'note' },
  go: { slim: /^debian:bookworm-slim$/, distroless: /^gcr\.io\/distroless\/static-debian12:nonroot$/, alpine: 'note', scratch: /^scratch$/ },
  rust: { slim: /^debian:bookworm-slim$/, distroless: /^gcr\.io\/distroless\/cc-debian12:nonroot$/, alpine: 'note', scratch: 'note' },
  java: { slim: /^eclipse-temurin:17-jre$/, distroless: /^gcr\.io\/distroless\/java17-debian12:nonroot$/, alpine: 'note', scratch: 'note' },
  dotnet: { slim: /^mcr\.microsoft\.com\/dotnet\/aspnet:8\.0$/, distroless: /^mcr\.microsoft\.com\/dotnet\/aspnet:8\.0-noble-chiseled-extra$/, alpine: 'note', scratch: 'note' },
  ruby: { slim: /^ruby:3\.3-slim$/, distroless: 'note', alpine: 'note', scratch: 'note' },
  php: { slim: /^php:8\.2-apache$/, distroless: 'note', alpine: 'note', scratch: 'note' },
  native: { slim: /^debian:bookworm-slim$/, distroless: 'note', alpine: 'note', scratch: 'note' },
  system: { slim: /^ubuntu:22\.04$/, distroless: 'note', alpine: 'note', scratch: 'note' },
  static: { slim: /^nginxinc\/nginx-unprivileged:stable$/, distroless: 'note', alpine: /^nginxinc\/nginx-unprivileged:stable-alpine$/, scratch: 'note' },
};

const POLICIES: RuntimeBasePolicy[] = ['slim', 'distroless', 'alpine', 'scratch'];

const runtimeImage = (output: string): string | undefined => /^FROM (?:--platform=\S+ )?(\S+) AS runtime$/m.exec(output)?.[1];

describe('--runtime-base on every ecosystem', () => {
  const cases = Object.keys(SAMPLES).flatMap((eco) => POLICIES.map((p) => [eco, p] as const));
  it.each(cases)('%s with %s', (eco, policy) => {
    const s = SAMPLES[eco];
    const r = convert(s.dockerfile, { project: projectFromFiles(s.files), runtimeBase: policy, staticServer: s.staticServer });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    expect(r.ecosystem).toBe(eco);
    const image = runtimeImage(r.output);
    const notes = r.notes.filter((n) => n.message.id === 'runtime-base-not-used').map((n) => String(n.message.values.why));
    const want = EXPECTED[eco][policy];
    if (want === 'note') {
      expect(notes).toEqual([expect.stringContaining(`--runtime-base ${policy} not used: `)]);
      // The ecosystem's own choice stays: the same image as without a policy.
      const plain = convert(s.dockerfile, { project: projectFromFiles(s.files), staticServer: s.staticServer });
      expect(image).toBe(runtimeImage(plain.output));
    } else {
      expect(image).toMatch(want);
      expect(notes).toEqual([]);
    }
  });

  it('covers every ecosystem of the registry', async () => {
    const { ECOSYSTEMS } = await import('../../src/analyze/ecosystems/index.ts');
    expect(Object.keys(EXPECTED).sort()).toEqual(ECOSYSTEMS.map((e) => e.id).sort());
  });
});
