// The opt-in build patterns of the whole pipeline (`--cross-platform`, `--secret-mounts`): nothing changes without
// their flags, the flags reach files that are already multi-stage, and reports carry the build command as a field.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convert } from '../src/index.ts';
import { nodeProject } from '../src/fs.ts';
import { fileReport, jsonReport } from '../src/report/results.ts';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const APPS = join(import.meta.dirname, '..', 'fixtures', 'apps');
const app = (name: string) => ({ text: readFileSync(join(APPS, name, 'Dockerfile'), 'utf8'), project: nodeProject(join(APPS, name)) });

describe('--secret-mounts through the pipeline', () => {
  const { text, project } = app('node-npm-token');

  it('without the flag: a note that suggests it, and no secret mount', () => {
    const r = convert(text, { project });
    expect(r.output).not.toContain('type=secret');
    expect(r.buildCommand).toBeUndefined();
    expect(r.notes.map((n) => n.message.id)).toContain('secret-suggest');
    expect(r.kinds).not.toContain('secret-mounts');
  });

  it('with it: the ARG goes, the install mounts the secret, and the build command is a field of the reports', () => {
    const r = convert(text, { project, secretMounts: true });
    expect(r.status).toBe('converted');
    expect(r.output).not.toMatch(/^ARG NPM_TOKEN/m);
    expect(r.output).toContain('RUN --mount=type=secret,id=NPM_TOKEN');
    expect(r.kinds).toContain('secret-mounts');
    expect(r.buildCommand).toBe('docker build --secret id=NPM_TOKEN,env=NPM_TOKEN .');
    const report = fileReport('Dockerfile', r);
    expect(report.secrets).toEqual([{ id: 'NPM_TOKEN', env: 'NPM_TOKEN' }]);
    expect(JSON.parse(jsonReport([report])).files[0].buildCommand).toBe(r.buildCommand);
  });

  it('the command prints the build command in its summary', () => {
    const r = spawnSync(process.execPath, [CLI, '--check', '--secret-mounts', 'Dockerfile'], { cwd: join(APPS, 'node-npm-token'), encoding: 'utf8', env: PLAIN_ENV });
    expect(r.stderr).toContain('build with: docker build --secret id=NPM_TOKEN,env=NPM_TOKEN .');
  });
});

describe('--cross-platform through the pipeline', () => {
  const multi = ['FROM golang:1.22 AS builder', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /server .', '', 'FROM gcr.io/distroless/static-debian12:nonroot', 'COPY --from=builder /server /server', 'CMD ["/server"]', ''].join('\n');

  it('without the flag: a Go app is split as before, its builder untouched', () => {
    const { text, project } = app('go-static');
    const plain = convert(text, { project });
    expect(plain.output).not.toContain('BUILDPLATFORM');
    expect(plain.output).not.toContain('TARGETARCH');
    const cross = convert(text, { project, crossPlatform: true });
    expect(cross.output.replace('--platform=$BUILDPLATFORM ', '').replace('ARG TARGETOS TARGETARCH\n', '').replace('GOOS=$TARGETOS GOARCH=$TARGETARCH ', '')).toBe(plain.output);
  });

  it('a multi-stage file that already targets $TARGETARCH gets only the --platform line, and only with the flag', () => {
    expect(convert(multi).output).toBe(multi);
    const r = convert(multi, { crossPlatform: true });
    expect(r.output).toBe(multi.replace('FROM golang:1.22 AS builder', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder'));
    expect(convert(r.output, { crossPlatform: true }).output).toBe(r.output);
  });

  it('a file that is not split says why it is not made cross-platform', () => {
    const r = convert('FROM node:20-slim\nWORKDIR /app\nCOPY server.js .\nCMD ["node", "server.js"]\n', { crossPlatform: true });
    expect(r.notes.map((n) => n.message.id)).toContain('cross-no-builder');
  });
});
