// The `system` ecosystem: images no language claims that still build or download with the OS's own tools.
import { describe, expect, it } from 'vitest';
import { system } from '../../../src/analyze/ecosystems/system.ts';
import { analyze } from '../../../src/analyze/index.ts';
import { NO_PROJECT } from '../../../src/analyze/project.ts';
import { parse } from '../../../src/model/parse.ts';
import { splitShell } from '../../../src/model/shell.ts';

const factsOf = (text: string) => analyze(parse(text), NO_PROJECT);

describe('classify', () => {
  it('claims no command (the generic classifier and fetch.ts do)', () => {
    expect(system.classify(splitShell('git clone x').commands[0], { workdir: null, appDir: null })).toBeNull();
  });
});

describe('detect', () => {
  it.each([
    ['FROM ubuntu:22.04\nRUN apt-get install -y git\nRUN git clone https://example.invalid/t.git /opt/t\nCMD ["/opt/t/run"]\n', 'apt'],
    ['FROM alpine:3.19\nRUN apk add --no-cache curl\nRUN curl -o /tmp/x.tgz https://example.invalid/x.tgz\nCMD ["x"]\n', 'apk'],
    ['FROM debian:bookworm\nRUN apt-get install -y nginx\nCMD ["nginx", "-g", "daemon off;"]\n', null],
  ])('detect %#', (text, pm) => expect(system.detect(factsOf(text))).toBe(pm));
});

describe('manifests', () => {
  it('has no manifests', () => {
    const f = factsOf('FROM debian:bookworm\nRUN apt-get install -y git\n');
    expect(system.manifests(f, f.runs[0], f.runs[0].commands[0])).toHaveProperty('skip');
  });
});

describe('plan', () => {
  it.each([
    ['FROM ubuntu:22.04\nRUN apt-get install -y git python3\nRUN git clone https://example.invalid/t.git /opt/t\nCMD ["python3", "/opt/t/run.py"]\n', 'ubuntu:22.04', ['python3']],
    ['FROM debian:bookworm\nRUN apt-get install -y gcc libpq-dev curl\nRUN curl -o /tmp/x.tgz https://example.invalid/x.tgz\nCMD ["x"]\n', 'debian:bookworm-slim', ['libpq5', 'curl']],
    ['FROM jupyter/base-notebook:2024\nUSER root\nRUN apt-get install -y git\nRUN git clone https://example.invalid/t.git /opt/t\nCMD ["x"]\n', 'jupyter/base-notebook:2024', []],
  ])('plan %#', (text, image, packages) => {
    const p = system.plan(factsOf(text), {});
    if ('skip' in p) throw new Error(p.skip);
    expect(p.runtime.image).toBe(image);
    expect(p.runtimePackages).toEqual(packages);
  });
  // Toolbox, CI and build-service images: the compilers are what the image is for when no RUN builds with them.
  it.each([
    ['FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y gcc make git\nWORKDIR /src\nCMD ["bash"]\n'],
    ['FROM debian:sid-slim\nRUN apt-get install -y distcc make libssl-dev\nCOPY init /usr/local/bin/init\nENTRYPOINT ["init"]\n'],
    ['FROM alpine:3.19\nRUN apk add --no-cache build-base git\nWORKDIR /work\n'],
    ['FROM ubuntu:22.04\nRUN apt-get install -y crystal gcc libssl-dev libyaml-dev\nWORKDIR /opt/crystal\nCMD ["bash"]\n'],
  ])('has nothing to split when no RUN builds with the tools it installs %#', (text) => {
    expect(system.plan(factsOf(text), {})).toMatchObject({ nothing: true });
  });
  it('has nothing to split when nothing only serves the build', () => {
    const p = system.plan(factsOf('FROM debian:bookworm\nRUN apt-get install -y curl\nRUN useradd x\nCMD ["curl"]\n'), {});
    expect(p).toMatchObject({ nothing: true });
  });
});
