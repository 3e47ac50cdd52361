// The whole pipeline on the acceptance examples: what a user gets from convert() with a build context.
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../src/index.ts';

const NODE = `FROM node:20
WORKDIR /app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 3000
CMD ["node","dist/server.js"]
`;
const nodeProject = projectFromFiles({
  'package.json': JSON.stringify({ name: 'x', scripts: { build: 'tsc', start: 'node dist/server.js' }, devDependencies: { typescript: '^5' } }),
  'package-lock.json': '{}',
});

describe('convert', () => {
  it('splits a Node app with a build step into builder and node:20-slim runtime', () => {
    const r = convert(NODE, { project: nodeProject });
    expect(r.status).toBe('converted');
    expect(r.ecosystem).toBe('node');
    expect(r.output).toBe(`# syntax=docker/dockerfile:1
FROM node:20 AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install
COPY . .
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-slim AS runtime
COPY --from=builder --chown=node:node /app /app
WORKDIR /app
EXPOSE 3000
USER node
CMD ["node","dist/server.js"]
`);
    expect(new Set(r.changes.map((c) => c.transform))).toEqual(
      new Set(['split-stages', 'order-copy-for-cache', 'add-nonroot-user', 'add-cache-mounts', 'add-syntax-directive']),
    );
  });

  it('splits a pip/requirements Python app with a venv at the same path in both stages', () => {
    const r = convert(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nEXPOSE 8000\nCMD ["python", "app.py"]\n',
      { project: projectFromFiles({ 'requirements.txt': 'flask\n', 'app.py': '' }) },
    );
    expect(r.status).toBe('converted');
    expect(r.output).toContain('FROM python:3.11-slim AS runtime');
    expect(r.output).toContain('COPY --from=builder /opt/venv /opt/venv');
    expect(r.output.match(/ENV PATH="\/opt\/venv\/bin:\$PATH"/g)).toHaveLength(2);
    expect(r.output.indexOf('COPY requirements.txt')).toBeLessThan(r.output.indexOf('pip install -r'));
    expect(r.output).toMatch(/USER 10001:10001\nCMD \["python", "app.py"\]\n$/);
  });

  it('splits a Go app onto distroless static when CGO_ENABLED=0', () => {
    const r = convert(
      'FROM golang:1.21\nWORKDIR /app\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /server .\nEXPOSE 8080\nCMD ["/server"]\n',
      { project: projectFromFiles({ 'go.mod': 'module x\n', 'go.sum': '', 'main.go': '' }) },
    );
    expect(r.status).toBe('converted');
    expect(r.output).toContain('COPY go.mod go.sum ./');
    expect(r.output).toContain('FROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY --from=builder /server /server');
    expect(r.output).toContain('USER nonroot');
  });

  it('is deterministic and idempotent', () => {
    const a = convert(NODE, { project: nodeProject });
    const b = convert(NODE, { project: nodeProject });
    expect(a.output).toBe(b.output);
    const again = convert(a.output, { project: nodeProject });
    expect(again.output).toBe(a.output);
    expect(again.status).not.toBe('converted');
  });

  it('keeps every untouched line byte for byte (CRLF, BOM, comments)', () => {
    const text = '\uFEFF# build image\r\nFROM node:20\r\n# app folder\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm install   \r\nRUN npm run build\r\n\r\n# ports\r\nEXPOSE 3000\r\nCMD ["node","dist/server.js"]\r\n';
    const r = convert(text, { project: nodeProject });
    expect(r.status).toBe('converted');
    expect(r.output.startsWith('\uFEFF# syntax=docker/dockerfile:1\r\n# build image\r\n')).toBe(true);
    expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
    const outLines = r.output.split('\r\n');
    for (const line of text.replace(/^\uFEFF/, '').split('\r\n')) {
      if (line.startsWith('FROM')) continue; // the FROM line gets " AS builder"
      if (line.startsWith('RUN npm install')) continue; // ... and the install a cache mount
      expect(outLines).toContain(line);
    }
  });

  it('says why it does less: already multi-stage, unknown steps, nothing to split', () => {
    const multi = 'FROM golang:1.21 AS b\nRUN go build -o /x .\nFROM scratch\nCOPY --from=b /x /x\nUSER 1000\n';
    // An already multi-stage file is left as it is, with the reason, unless transforms are named.
    expect(convert(multi)).toMatchObject({ status: 'unchanged', output: multi, reason: { id: 'already-multistage' } });
    const named = convert(multi, { only: ['add-cache-mounts', 'add-syntax-directive'] });
    expect(new Set(named.changes.map((c) => c.transform))).toEqual(new Set(['add-cache-mounts', 'add-syntax-directive']));
    const unknown = convert('FROM node:20\nWORKDIR /app\nRUN eval "$SETUP"\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n');
    expect(unknown.notes.find((n) => n.transform === 'split-stages')?.message.id).toBe('split-unsafe');
    // An installer is not a reason to give up: the runtime stands on the same base image and runs it again.
    const installer = convert('FROM node:20\nWORKDIR /app\nRUN curl -fsSL https://example.invalid | sh\nCOPY . .\nRUN npm ci\nCMD ["node","a.js"]\n');
    expect(installer.output).toContain('FROM node:20 AS runtime\n');
    const r = convert('FROM busybox\nCMD ["true"]\n');
    expect(['skipped', 'converted']).toContain(r.status);
  });

  it('touches an input that is already multi-stage only with the transforms named', () => {
    const text = 'FROM node:20 AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n\nFROM node:20-slim\nCOPY --from=build /app /app\nCMD ["node", "/app/dist/main.js"]\n';
    const left = convert(text, { project: nodeProject });
    expect(left).toMatchObject({ status: 'unchanged', output: text, changes: [], reason: { id: 'already-multistage' } });
    const r = convert(text, { project: nodeProject, only: ['order-copy-for-cache'] });
    expect(r.status).toBe('converted');
    expect(r.output).toContain('COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n');
    expect(r.output).not.toContain('USER');
    expect(new Set(r.changes.map((c) => c.transform))).toEqual(new Set(['order-copy-for-cache']));
  });

  it('reports bad input as an error with its line, never throws', () => {
    expect(convert('')).toMatchObject({ status: 'error', reason: { id: 'empty-file' } });
    expect(convert('FROM a\nRUN make \\\n')).toMatchObject({ status: 'error', line: 2 });
    expect(convert('module.exports = {}\n')).toMatchObject({ status: 'error', line: 1 });
  });
});
