// What a Node static server serves, read from the start command: only what the command says is trusted.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.ts';
import { projectFromFiles } from '../../src/analyze/project.ts';
import { nodeStaticServer } from '../../src/analyze/static-server.ts';
import { parse } from '../../src/model/parse.ts';

const pkg = (scripts: Record<string, string>) => JSON.stringify({ name: 'x', scripts: { build: 'vite build', ...scripts } });

function served(start: string, files: Record<string, string> = {}, extra = '') {
  const text = `FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\n${extra}${start}\n`;
  return nodeStaticServer(analyze(parse(text), projectFromFiles({ 'package.json': pkg({}), ...files })));
}

describe('nodeStaticServer', () => {
  it.each([
    ['CMD ["npx", "serve", "-s", "build", "-l", "3000"]', '/app/build', true],
    ['CMD ["npx", "-y", "serve@14", "--single", "build"]', '/app/build', true],
    ['CMD ["node_modules/.bin/serve", "dist", "-l", "tcp://0.0.0.0:3000"]', '/app/dist', false],
    ['CMD serve -s ./dist/', '/app/dist', true],
    ['CMD sh -c "serve -s out -l 80"', '/app/out', true],
    ['CMD ["http-server", "dist", "-p", "8080", "-c-1", "--silent"]', '/app/dist', false],
    ['ENTRYPOINT ["http-server"]\nCMD ["public", "--port=9000"]', '/app/public', false],
  ])('%s serves %s (SPA: %s)', (start, dir, spa) => {
    expect(served(start)).toEqual({ name: expect.any(String), dir, spa });
  });

  it('follows npm, yarn and pnpm scripts one level', () => {
    const files = { 'package.json': pkg({ start: 'serve -s build', web: 'http-server dist' }) };
    expect(served('CMD ["npm", "start"]', files)).toMatchObject({ name: 'serve', dir: '/app/build', spa: true });
    expect(served('CMD yarn web', files)).toMatchObject({ name: 'http-server', dir: '/app/dist' });
    expect(served('CMD ["pnpm", "run", "web"]', files)).toMatchObject({ dir: '/app/dist' });
  });

  it('reads a folder from an ENV variable', () => {
    expect(served('CMD serve -s $OUT', {}, 'ENV OUT=build\n')).toMatchObject({ dir: '/app/build' });
  });

  it.each([
    ['CMD ["npx", "serve", "-s"]', /names no folder/],
    ['CMD ["http-server", "-p", "8080"]', /public\/ when it exists/],
    ['CMD ["serve", "-s", "build", "--cors"]', /--cors.*not translated/],
    ['CMD ["serve", "-c", "serve.json", "build"]', /-c.*not translated/],
    ['CMD ["http-server", "dist", "-P", "http://api"]', /-P.*not translated/],
    ['CMD ["serve", "build", "dist"]', /several folders/],
    ['CMD ["serve", "."]', /not a folder inside the app folder/],
    ['CMD ["serve", "/usr/share/html"]', /not a folder inside the app folder/],
    ['CMD serve -s $OUT', /cannot tell which folder/],
    ['CMD ["live-server", "dist"]', /live-server.*not translated/],
    ['CMD npm run build && serve -s build', /not a single/],
  ])('%s is not certain', (start, why) => {
    const out = served(start);
    expect('skip' in out && out.skip).toMatch(why);
  });

  it('a compound npm script is not followed', () => {
    const files = { 'package.json': pkg({ start: 'npm run build && serve -s build' }) };
    expect(served('CMD ["npm", "start"]', files)).toHaveProperty('skip');
  });

  it('a serve.json that the build copies into the served folder is not translated', () => {
    const out = served('CMD ["serve", "-s", "build"]', { 'public/serve.json': '{"headers": []}' });
    expect('skip' in out && out.skip).toMatch(/public\/serve\.json configures serve/);
  });
});
