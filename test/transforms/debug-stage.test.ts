// --debug-stage: the fixtures run the transform alone on split files of each runtime family; the table runs
// the whole conversion and checks that the default target is still exactly the runtime (the file ends with an
// alias of it), that the debug stage starts from it and ends as its user, and that nothing changes without the flag.
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../../src/index.ts';
import { finalStage, lastStage } from '../../src/model/model.ts';
import { parse } from '../../src/model/parse.ts';
import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('debug-stage');

const NODE = { 'package.json': JSON.stringify({ scripts: { build: 'tsc' } }), 'package-lock.json': '{}' };
const GO = { 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': 'package main\nfunc main(){}\n' };

/** [runtime family, original, context, options, what the debug stage must hold] */
const TABLE: [string, string, Record<string, string>, object, RegExp][] = [
  ['node slim (apt, user node)', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nEXPOSE 3000\nCMD ["node","dist/server.js"]\n', NODE, {}, /USER root\nRUN apt-get update && apt-get install[^\n]*procps[^\n]*\nUSER node\n/],
  ['node alpine (apk)', 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node","dist/server.js"]\n', NODE, {}, /RUN apk add --no-cache bash/],
  ['python slim (created user)', 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n', { 'requirements.txt': 'flask\n', 'app.py': '' }, {}, /USER root\nRUN apt-get[^\n]*\nUSER 10001:10001\n/],
  ['go distroless', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n', GO, {}, /COPY --from=gcr\.io\/distroless\/static-debian12:debug \/busybox \/busybox\n/],
  ['go scratch', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n', GO, { runtimeBase: 'scratch' }, /COPY --from=busybox:[^\n]*\nUSER 0\nRUN \["\/busybox\/busybox", "--install"/],
  ['rust debian slim', 'FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n', { 'Cargo.toml': '[package]\nname = "app"\n', 'Cargo.lock': '', 'src/main.rs': '' }, {}, /RUN apt-get update/],
];

describe('--debug-stage across runtime families (whole conversion)', () => {
  it.each(TABLE)('%s', (_name, original, files, options, holds) => {
    const project = projectFromFiles(files);
    const plain = convert(original, { project, ...options });
    const debug = convert(original, { project, ...options, debugStage: true });
    expect(debug.status, JSON.stringify(debug.reason)).toBe('converted');
    const m = parse(debug.output);
    const runtime = finalStage(m);
    // The last stage only repeats the runtime: `docker build .` still builds exactly the runtime image.
    expect(lastStage(m).instructions).toHaveLength(1);
    expect(lastStage(m).image).toBe(runtime.name);
    const debugStage = m.stages.find((s) => s.name === 'debug')!;
    expect(debugStage.image).toBe(runtime.name);
    const debugText = debug.output.slice(debugStage.from.range[0], lastStage(m).from.lines[0]);
    expect(debugText).toMatch(holds);
    // The runtime stage is byte for byte what the conversion without the flag makes.
    const plainModel = parse(plain.output);
    const plainRuntime = plain.output.slice(finalStage(plainModel).from.range[0]).trimEnd();
    // (An unsplit file's one stage gets the name the debug stage starts from.)
    const named = finalStage(plainModel).name ? plainRuntime : plainRuntime.replace(/^(FROM \S+)/, '$1 AS runtime');
    expect(debug.output.slice(runtime.from.range[0], debugStage.from.lines[0]).trimEnd()).toBe(named);
    expect(plain.output).not.toContain('AS debug');
  });
});

describe('the final stage behind an alias', () => {
  it('is the stage the trailing `FROM <stage>` repeats, and verification checks it', () => {
    const text = 'FROM node:20-slim AS runtime\nUSER node\nCMD ["node","a.js"]\n\nFROM runtime AS debug\nUSER root\n\nFROM runtime\n';
    const m = parse(text);
    expect(finalStage(m).name).toBe('runtime');
    expect(lastStage(m).index).toBe(2);
    // A last stage that does anything is the final stage itself.
    expect(finalStage(parse(`${text}RUN true\n`)).index).toBe(2);
    // A last stage that repeats an image, not a stage, is the final stage too.
    expect(finalStage(parse('FROM node:20 AS a\nFROM alpine:3.20\n')).index).toBe(1);
  });
});

describe('a debug stage on a file that was not split', () => {
  it('names the one stage, keeps it the default target, and does not judge it as a new stage', () => {
    // Build-only packages in the original's own stage are the user's: only a stage the tool creates must not have them.
    const text = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y git make\nWORKDIR /src\nCOPY . .\nCMD ["make", "run"]\n';
    const r = convert(text, { debugStage: true, only: ['debug-stage'] });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    expect(r.output).toMatch(/^FROM debian:bookworm AS runtime\n/);
    expect(r.output.endsWith('FROM runtime\n')).toBe(true);
    expect(convert(text, { only: ['debug-stage'] }).output).toBe(text);
  });
});
