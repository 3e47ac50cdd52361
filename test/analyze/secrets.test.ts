// secretUses (src/analyze/secrets.ts): the registry credentials a stage puts into its layers on the way to an
// install, and what stands in the way of a secret mount. One table of variants; the transform's fixtures
// (fixtures/secret-mounts/) show the edits.
import { describe, expect, it } from 'vitest';
import { credentialFile, holdsCredential } from '../../src/analyze/credentials.ts';
import type { SecretUse } from '../../src/analyze/contract.ts';
import { secretFlags, secretUses } from '../../src/analyze/secrets.ts';
import { dockerfile, factsOf } from './ecosystems/helpers.ts';

interface Row {
  readonly name: string;
  readonly lines: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
  /** What is found: `arg NAME` / `file ID → target`, with `!` and the reason's pattern when blocked. */
  readonly expect: readonly (string | RegExp)[];
}

const NPMRC = '//npm.example.com/:_authToken=${NPM_TOKEN}\n';
const ROWS: readonly Row[] = [
  { name: 'ARG read by the install RUN', lines: ['FROM node:20', 'ARG NPM_TOKEN', 'WORKDIR /app', 'RUN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci'], expect: ['arg NPM_TOKEN writes /app/.npmrc'] },
  { name: 'ARG in a pip index URL', lines: ['FROM python:3.12', 'ARG PIP_PASSWORD', 'RUN pip install --index-url "https://u:$PIP_PASSWORD@x/simple" flask'], expect: ['arg PIP_PASSWORD'] },
  { name: 'ARG written to a home file', lines: ['FROM node:20', 'ARG GITHUB_TOKEN', 'RUN printf "machine github.com password %s" "$GITHUB_TOKEN" > /root/.netrc && npm ci'], expect: ['arg GITHUB_TOKEN writes /root/.netrc'] },
  { name: 'ARG that is no secret', lines: ['FROM node:20', 'ARG NODE_ENV', 'RUN NODE_ENV=$NODE_ENV npm ci'], expect: [] },
  { name: 'secret ARG nobody reads', lines: ['FROM node:20', 'ARG NPM_TOKEN', 'RUN npm ci'], expect: [] },
  { name: 'ARG with a default', lines: ['FROM node:20', 'ARG NPM_TOKEN=abc', 'RUN echo $NPM_TOKEN > .npmrc && npm ci'], expect: [/^!arg NPM_TOKEN: .*default value/] },
  { name: 'ARG declared with others', lines: ['FROM node:20', 'ARG NPM_TOKEN REGISTRY', 'RUN echo $NPM_TOKEN > .npmrc && npm ci'], expect: [/^!arg NPM_TOKEN: .*together with other arguments/] },
  { name: 'ARG kept in an ENV', lines: ['FROM node:20', 'ARG NPM_TOKEN', 'ENV NPM_TOKEN=$NPM_TOKEN', 'RUN npm ci'], expect: [/^!arg NPM_TOKEN: ENV at line 3 uses it/] },
  { name: 'ARG written in one RUN, read in another', lines: ['FROM node:20', 'ARG NPM_TOKEN', 'WORKDIR /app', 'RUN echo "${NPM_TOKEN}" > .npmrc', 'RUN npm ci'], expect: [/^!arg NPM_TOKEN: .*read by another RUN/] },
  { name: 'ARG in an exec-form RUN', lines: ['FROM node:20', 'ARG NPM_TOKEN', 'RUN ["sh", "-c", "npm ci --token $NPM_TOKEN"]'], expect: [/^!arg NPM_TOKEN: .*exec form/] },
  { name: 'ARG under a SHELL', lines: ['FROM node:20', 'SHELL ["/bin/bash", "-c"]', 'ARG NPM_TOKEN', 'RUN echo "$NPM_TOKEN" > .npmrc && npm ci'], expect: [/^!arg NPM_TOKEN: the stage sets its own SHELL/] },
  { name: '.npmrc copied with manifests', lines: ['FROM node:20', 'WORKDIR /app', 'COPY package.json .npmrc ./', 'RUN npm ci'], files: { '.npmrc': NPMRC, 'package.json': '{}' }, expect: ['file npmrc → /app/.npmrc'] },
  { name: '.npmrc and the whole context', lines: ['FROM node:20', 'WORKDIR /app', 'COPY .npmrc .', 'RUN npm ci', 'COPY . .'], files: { '.npmrc': NPMRC, 'package.json': '{}' }, expect: ['file npmrc → /app/.npmrc wholesale'] },
  { name: '.npmrc without a credential', lines: ['FROM node:20', 'WORKDIR /app', 'COPY .npmrc .', 'RUN npm ci'], files: { '.npmrc': 'save-exact=true\n' }, expect: [] },
  { name: '.npmrc without a context', lines: ['FROM node:20', 'WORKDIR /app', 'COPY .npmrc .', 'RUN npm ci'], expect: [] },
  { name: '.netrc without a context (always a credential)', lines: ['FROM python:3.12', 'COPY .netrc /root/.netrc', 'RUN pip install -r requirements.txt'], expect: ['file netrc → /root/.netrc'] },
  { name: 'pip.conf to /etc', lines: ['FROM python:3.12', 'COPY pip.conf /etc/pip.conf', 'RUN pip install flask'], files: { 'pip.conf': '[global]\nindex-url = https://u:p@x/simple\n' }, expect: ['file pip.conf → /etc/pip.conf'] },
  { name: 'pip.conf into a folder', lines: ['FROM python:3.12', 'COPY pip.conf /etc/', 'RUN pip install flask'], files: { 'pip.conf': '[global]\nextra-index-url = https://u:p@x/simple\n' }, expect: ['file pip.conf → /etc/pip.conf'] },
  { name: 'settings.xml for maven', lines: ['FROM maven:3.9-eclipse-temurin-17', 'WORKDIR /src', 'COPY settings.xml /root/.m2/settings.xml', 'COPY . .', 'RUN mvn -B package'], files: { 'settings.xml': '<settings><servers><server><password>p</password></server></servers></settings>' }, expect: ['file settings.xml → /root/.m2/settings.xml wholesale'] },
  { name: 'nuget.config (any case)', lines: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY nuget.config ./', 'RUN dotnet restore'], files: { 'nuget.config': '<packageSourceCredentials/>' }, expect: ['file nuget.config → /src/nuget.config'] },
  { name: 'a credential file nothing installs after', lines: ['FROM node:20', 'RUN npm ci', 'COPY .netrc /root/.netrc'], expect: [] },
  { name: 'installs as a non-root user', lines: ['FROM node:20', 'WORKDIR /app', 'COPY .netrc /home/node/.netrc', 'USER node', 'RUN npm ci'], expect: [/^!file netrc: the installs run as `node`/] },
  { name: 'a folder destination that cannot be told', lines: ['FROM node:20', 'COPY .netrc /root', 'RUN npm ci'], expect: [/^!file netrc: where the COPY at line 2 puts it/] },
  { name: 'added, not copied', lines: ['FROM node:20', 'ADD .netrc /root/.netrc', 'RUN npm ci'], expect: [/^!file netrc: it is added by ADD/] },
];

const shown = (u: SecretUse): string => {
  const what = u.kind === 'arg' ? `arg ${u.name}${u.runs.flatMap((r) => r.writes).map((w) => ` writes ${w}`).join('')}` : `file ${u.source.id} → ${u.target}${u.wholesale ? ' wholesale' : ''}`;
  return u.blocked ? `!${what.split(' ').slice(0, 2).join(' ')}: ${u.blocked}` : what;
};

describe('secretUses', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const found = secretUses(factsOf(dockerfile(...row.lines), row.files)).map(shown);
      expect(found).toHaveLength(row.expect.length);
      row.expect.forEach((e, k) => (e instanceof RegExp ? expect(found[k]).toMatch(e) : expect(found[k]).toBe(e)));
    });
  }
});

describe('credential files and build flags', () => {
  it('knows each file by its name, NuGet in any case', () => {
    expect(['.npmrc', 'app/pip.conf', '.netrc', '.pypirc', 'settings.xml', 'NuGet.Config', 'nuget.config'].map((p) => credentialFile(p)?.id)).toEqual(['npmrc', 'pip.conf', 'netrc', 'pypirc', 'settings.xml', 'nuget.config', 'nuget.config']);
    expect(credentialFile('npmrc')).toBeUndefined();
    expect(credentialFile('settings.xml.bak')).toBeUndefined();
  });
  it('tells a credential from plain configuration', () => {
    const npmrc = credentialFile('.npmrc')!;
    expect(holdsCredential(npmrc, NPMRC)).toBe(true);
    expect(holdsCredential(npmrc, 'registry=https://r/\n')).toBe(false);
    expect(holdsCredential(credentialFile('.netrc')!, '')).toBe(true);
  });
  it('writes each --secret once', () => {
    const uses = secretUses(factsOf(dockerfile('FROM node:20', 'ARG NPM_TOKEN', 'WORKDIR /app', 'COPY .npmrc .', 'RUN npm ci --x=$NPM_TOKEN', 'RUN npm ci'), { '.npmrc': NPMRC }));
    expect(secretFlags([...uses, ...uses].map((u) => u.source))).toEqual(['--secret id=NPM_TOKEN,env=NPM_TOKEN', '--secret id=npmrc,src=.npmrc']);
  });
});
