// Issue 15, pattern 12: a Node front end next to another language's back end is built in a stage of its own.
// The table says when it can be separated (and what the part's stage gets), and when it cannot.
import { describe, expect, it } from 'vitest';
import { node } from '../../src/analyze/ecosystems/node.ts';
import { dockerfile, factsOf } from './ecosystems/helpers.ts';

const FRONT = (dir: string, build = 'vite build'): Record<string, string> => ({
  [`${dir}/package.json`]: JSON.stringify({ name: 'web', scripts: { build }, devDependencies: { vite: '^5' } }),
  [`${dir}/package-lock.json`]: '{}',
  [`${dir}/src/main.js`]: '',
});
const PY = { 'requirements.txt': 'flask\n', 'app.py': '', ...FRONT('frontend') };
const APT = 'RUN apt-get update && apt-get install -y nodejs npm';
const py = (...lines: string[]): string => dockerfile('FROM python:3.11', APT, 'WORKDIR /app', ...lines, 'CMD ["python", "app.py"]');

describe('node.part', () => {
  it.each<[string, string, Record<string, string>, { output: string; moved: number[]; kept: string[] }]>([
    ['Python, front end built in frontend/ after the sources', py('COPY . .', 'RUN pip install -r requirements.txt', 'RUN cd frontend && npm ci && npm run build'), PY,
      { output: '/app/frontend/dist', moved: [6, 2], kept: ['RUN', 'WORKDIR', 'COPY', 'RUN'] }],
    ['manifests first: both copies go to the part', py('COPY frontend/package*.json frontend/', 'RUN cd frontend && npm ci', 'COPY . .', 'RUN cd frontend && npm run build'), PY,
      { output: '/app/frontend/dist', moved: [5, 7, 2], kept: ['RUN', 'WORKDIR', 'COPY', 'RUN', 'COPY', 'RUN'] }],
    ['a WORKDIR of its own', py('COPY . .', 'WORKDIR /app/frontend', 'RUN npm ci', 'RUN npm run build', 'WORKDIR /app'), PY,
      { output: '/app/frontend/dist', moved: [6, 7, 2], kept: ['RUN', 'WORKDIR', 'COPY', 'WORKDIR', 'RUN', 'RUN'] }],
    ['Create React App writes build/', py('COPY . .', 'RUN cd frontend && npm ci && npm run build'), { ...PY, ...FRONT('frontend', 'react-scripts build') },
      { output: '/app/frontend/build', moved: [5, 2], kept: ['RUN', 'WORKDIR', 'COPY', 'RUN'] }],
    ['an install of more than Node stays in the builder too', dockerfile('FROM python:3.11', 'RUN apt-get update && apt-get install -y nodejs npm libpq-dev', 'WORKDIR /app', 'COPY . .', 'RUN cd frontend && npm ci && npm run build', 'CMD ["python", "app.py"]'), PY,
      { output: '/app/frontend/dist', moved: [5], kept: ['RUN', 'WORKDIR', 'COPY', 'RUN'] }],
    ['Go, web/', dockerfile('FROM golang:1.22', APT, 'WORKDIR /src', 'COPY . .', 'RUN cd web && npm ci && npm run build', 'RUN go build -o /server .', 'CMD ["/server"]'), { 'go.mod': 'module x\n', 'main.go': '', ...FRONT('web') },
      { output: '/src/web/dist', moved: [5, 2], kept: ['RUN', 'WORKDIR', 'COPY', 'RUN'] }],
  ])('%s', (_name, text, files, expected) => {
    const facts = factsOf(text, files);
    const part = node.part?.(facts) ?? null;
    if (!part) return expect.fail('no part');
    expect(part.output).toBe(expected.output);
    expect(part.moved.map((i) => i.line)).toEqual(expected.moved);
    expect(part.instructions.map((i) => i.keyword)).toEqual(expected.kept);
  });

  it.each<[string, string, Record<string, string>]>([
    ['the Node app itself', dockerfile('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci && npm run build', 'CMD ["node", "dist/main.js"]'), FRONT('.')],
    ['the start script runs Node', dockerfile('FROM python:3.11', APT, 'WORKDIR /app', 'COPY . .', 'RUN cd frontend && npm ci && npm run build', 'CMD ["./start.sh"]'), { ...PY, 'start.sh': '#!/bin/sh\nnode ssr.js & exec python app.py\n' }],
    ['Node and pip in one RUN', py('COPY . .', 'RUN pip install -r requirements.txt && cd frontend && npm ci && npm run build'), PY],
    ['an output this tool cannot tell', py('COPY . .', 'RUN cd frontend && npm ci && npm run build'), { ...PY, ...FRONT('frontend', 'node build.js') }],
    ['another build before it may write what it reads', py('COPY . .', 'RUN python manage.py generate_client', 'RUN cd frontend && npm ci && npm run build'), PY],
    ['Node run in two folders', py('COPY . .', 'RUN cd frontend && npm ci && npm run build', 'RUN cd admin && npm ci && npm run build'), { ...PY, ...FRONT('admin') }],
    ['no copy of the whole context', py('COPY frontend/ frontend/', 'RUN cd frontend && npm ci && npm run build'), PY],
    ['nothing built, only installed', py('COPY . .', 'RUN cd frontend && npm ci'), PY],
  ])('none: %s', (_name, text, files) => {
    expect(node.part?.(factsOf(text, files)) ?? null).toBeNull();
  });
});

describe('Node packages in another ecosystem\'s image', () => {
  it.each<[string, string, Record<string, string>, string[]]>([
    ['only build: left out of the runtime', py('COPY . .', 'RUN cd frontend && npm ci && npm run build'), PY, []],
    ['the start script runs Node: kept', dockerfile('FROM python:3.11', APT, 'WORKDIR /app', 'COPY . .', 'CMD ["./start.sh"]'), { 'start.sh': 'npx prisma migrate deploy && python app.py' }, ['nodejs', 'npm']],
    ['an unreadable entrypoint script: kept', dockerfile('FROM python:3.11', APT, 'WORKDIR /app', 'COPY . .', 'CMD ["./entrypoint.sh"]'), {}, ['nodejs', 'npm']],
    ['a HEALTHCHECK with node: kept', dockerfile('FROM python:3.11', APT, 'WORKDIR /app', 'COPY . .', 'HEALTHCHECK CMD node check.js', 'CMD ["python", "app.py"]'), PY, ['nodejs', 'npm']],
  ])('%s', (_name, text, files, kept) => {
    expect(factsOf(text, files).system.packages.filter((p) => p === 'nodejs' || p === 'npm')).toEqual(kept);
  });
});

describe('an image without a start command of its own keeps Node', () => {
  it.each([
    ['no CMD (the base image\'s)', dockerfile('FROM python:3.11', APT, 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt')],
    ['CMD bash', dockerfile('FROM python:3.11', APT, 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt', 'CMD ["bash"]')],
  ])('%s', (_name, text) => {
    expect(factsOf(text, PY).system.packages).toEqual(['nodejs', 'npm']);
  });
});

describe('a Ruby app whose gems run a JavaScript runtime keeps Node', () => {
  const rails = dockerfile('FROM ruby:3.2', APT, 'WORKDIR /app', 'COPY . .', 'RUN bundle install', 'RUN cd frontend && npm ci && npm run build', 'CMD ["bundle", "exec", "puma"]');
  it.each<[string, Record<string, string>, string[], boolean]>([
    ['uglifier in the Gemfile', { Gemfile: "source 'https://rubygems.org'\ngem 'rails'\ngem 'uglifier'\n", 'Gemfile.lock': '', ...FRONT('frontend') }, ['nodejs', 'npm'], false],
    ['no Gemfile to read', FRONT('frontend'), ['nodejs', 'npm'], false],
    ['no gem that needs one', { Gemfile: "source 'https://rubygems.org'\ngem 'sinatra'\n", 'Gemfile.lock': '', ...FRONT('frontend') }, [], true],
  ])('%s', (_name, files, kept, part) => {
    const facts = factsOf(rails, files);
    expect(facts.system.packages.filter((p) => p === 'nodejs' || p === 'npm')).toEqual(kept);
    expect(node.part?.(facts) !== null).toBe(part);
  });
});
