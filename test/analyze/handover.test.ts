// What of the app folder the runtime receives (src/analyze/handover.ts): provably build-only entries by class,
// secrets by name or content, and when the whole folder goes over instead.
import { describe, expect, it } from 'vitest';
import { appHandover, buildOnly } from '../../src/analyze/handover.ts';
import { analyze } from '../../src/analyze/index.ts';
import { projectFromFiles } from '../../src/analyze/project.ts';
import { parse } from '../../src/model/parse.ts';

const none = (): undefined => undefined;

describe('buildOnly: the classes kept out of the runtime', () => {
  it.each([
    ['test/', 'tests'], ['tests/', 'tests'], ['__tests__/', 'tests'], ['spec/', 'tests'], ['coverage/', 'tests'], ['conftest.py', 'tests'],
    ['docs/', 'documentation'], ['README.md', 'documentation'], ['CHANGELOG.md', 'documentation'],
    ['.git/', 'CI and version control files'], ['.github/', 'CI and version control files'], ['.gitlab-ci.yml', 'CI and version control files'], ['.gitignore', 'CI and version control files'],
    ['Dockerfile', 'Dockerfiles and compose files'], ['Dockerfile.prod', 'Dockerfiles and compose files'], ['api.dockerfile', 'Dockerfiles and compose files'],
    ['.dockerignore', 'Dockerfiles and compose files'], ['docker-compose.yml', 'Dockerfiles and compose files'], ['compose.override.yaml', 'Dockerfiles and compose files'],
    ['tsconfig.json', 'build and lint configuration'], ['tsconfig.build.json', 'build and lint configuration'], ['.eslintrc.json', 'build and lint configuration'],
    ['vite.config.ts', 'build and lint configuration'], ['jest.config.js', 'build and lint configuration'], ['.prettierrc', 'build and lint configuration'], ['Makefile', 'build and lint configuration'],
  ])('%s: %s', (entry, why) => {
    expect(buildOnly(entry, none)).toBe(why);
  });

  it.each(['.env', '.env.production', 'server.pem', 'tls.key', 'id_rsa', 'id_ed25519.pub', '.netrc', '.git-credentials', '.pypirc'])('%s is a secret file', (entry) => {
    expect(buildOnly(entry, none)).toMatch(/secret/);
  });

  it('.npmrc and pip.conf are secrets only with a credential in them', () => {
    expect(buildOnly('.npmrc', () => '//registry.npmjs.org/:_authToken=abc\n')).toMatch(/credential/);
    expect(buildOnly('.npmrc', () => 'save-exact=true\n')).toMatch(/package-manager configuration/);
    expect(buildOnly('pip.conf', () => '[global]\nindex-url = https://user:pw@pypi.example/simple\n')).toMatch(/credential/);
  });

  it.each(['src/', 'public/', 'package.json', 'server.js', 'app.py', '.env.example', 'config/', 'LICENSE', 'templates/', 'main.go'])('%s is not build-only by name', (entry) => {
    expect(buildOnly(entry, none)).toBeNull();
  });
});

const NODE = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n';
const facts = (extra: string, files: Record<string, string>) => analyze(parse(`${NODE}${extra}CMD ["node", "server.js"]\n`), projectFromFiles(files));

describe('appHandover', () => {
  const files = { 'package.json': '{"dependencies":{"a":"1"}}', 'server.js': '', 'test/a.test.js': '', '.env': 'X=1', 'public/index.html': '' };

  it('names the entries the app runs with and keeps out the rest, with the reasons', () => {
    const share = appHandover(facts('', files), { written: ['node_modules/'], compiled: [] });
    expect(share.paths).toEqual(['/app/node_modules', '/app/public']);
    expect(share.files).toEqual(['/app/package.json', '/app/server.js']);
    expect(share.keptOut.map((k) => k.entry)).toEqual(['.env', 'test/']);
  });

  it('follows what the stage makes and deletes in the app folder', () => {
    const share = appHandover(facts('RUN mkdir -p logs && rm -rf test\n', files), { written: [], compiled: [] });
    expect(share.paths).toContain('/app/logs');
    expect(share.keptOut.map((k) => k.entry)).not.toContain('test/');
    expect([...share.paths, ...share.files].some((p) => p.endsWith('/test'))).toBe(false);
  });

  it('keeps out a file a RUN writes from a secret-looking build argument', () => {
    const f = analyze(parse('FROM node:20\nARG NPM_TOKEN\nWORKDIR /app\nCOPY . .\nRUN echo "//r/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCMD ["node", "server.js"]\n'), projectFromFiles(files));
    expect(appHandover(f, { written: [], compiled: [] }).keptOut).toContainEqual({ entry: '.npmrc', why: 'written from a secret-looking build argument' });
  });

  it('hands over the whole folder, saying why, when what is in it cannot be told', () => {
    expect(appHandover(facts('', files), { written: [], compiled: [], unknown: 'cannot tell what `gulp` writes' })).toMatchObject({ paths: ['/app'], whole: 'cannot tell what `gulp` writes' });
    expect(appHandover(analyze(parse(`${NODE}CMD ["node", "server.js"]\n`), { known: false, read: none, exists: () => false, list: () => [] }), { written: [], compiled: [] }).whole).toMatch(/no build context/);
  });
});
