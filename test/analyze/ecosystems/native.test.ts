// The C/C++ ecosystem: classify, detect, manifests, plan (runtime image, runtime libraries, what is handed over).
import { describe, expect, it } from 'vitest';
import { native } from '../../../src/analyze/ecosystems/native.ts';
import { analyze } from '../../../src/analyze/index.ts';
import { projectFromFiles } from '../../../src/analyze/project.ts';
import { parse } from '../../../src/model/parse.ts';
import { splitShell } from '../../../src/model/shell.ts';

const at = { workdir: '/app', appDir: '/app' };
const cmd = (text: string) => splitShell(text).commands[0];
const factsOf = (text: string, files: Record<string, string> = { 'main.c': '', Makefile: 'all:\n' }) => analyze(parse(text), projectFromFiles(files));

describe('classify', () => {
  it.each([
    ['make', 'build', {}],
    ['make -j4 all', 'build', {}],
    ['make install', 'build', { places: ['/usr/local'] }],
    ['make PREFIX=/opt/x install', 'build', { places: ['/opt/x'] }],
    ['make DESTDIR=/tmp/stage install', 'build', { places: undefined }],
    ['make test', 'test', {}],
    ['./configure --prefix=/opt/tool', 'build', { places: ['/opt/tool'] }],
    ['./configure --prefix=/usr', 'build', { output: '/usr', places: undefined }],
    ['cmake -B build -DCMAKE_INSTALL_PREFIX=/opt/y', 'build', { places: ['/opt/y'] }],
    ['cmake --build build', 'build', {}],
    ['cmake --install build', 'build', { places: ['/usr/local'] }],
    ['meson setup build', 'build', {}],
    ['ninja -C build install', 'build', { places: ['/usr/local'] }],
    ['autoreconf -fi', 'build', {}],
    ['gcc -O2 -o hello hello.c', 'build', { output: '/app/hello', places: undefined }],
    ['g++ -o /usr/local/bin/tool main.cpp', 'build', { places: ['/usr/local/bin/tool'] }],
    ['cc -c x.c', 'build', { places: undefined }],
    ['gcc --version', 'neutral', {}],
  ])('%s → %s', (text, role, fields) => {
    const c = native.classify(cmd(text), at) as Record<string, unknown> | null;
    expect(c?.role).toBe(role);
    for (const [k, v] of Object.entries(fields)) expect(c?.[k], k).toEqual(v);
  });
  it('leaves other tools to their owners', () => expect(native.classify(cmd('npm ci'), at)).toBeNull());
});

describe('detect', () => {
  it.each([
    ['FROM debian:bookworm\nRUN make\n', 'make'],
    ['FROM debian:bookworm\nRUN cmake -B b && cmake --build b\n', 'cmake'],
    ['FROM debian:bookworm\nRUN gcc -o /x x.c\n', 'cc'],
    ['FROM debian:bookworm\nRUN apt-get install -y curl\n', null],
  ])('%s → %s', (text, pm) => expect(native.detect(factsOf(text))).toBe(pm));
});

describe('manifests', () => {
  it('has no manifests to copy first', () => {
    const f = factsOf('FROM debian:bookworm\nRUN make\n');
    expect(native.manifests(f, f.runs[0], f.runs[0].commands[0])).toHaveProperty('skip');
  });
});

describe('plan', () => {
  const plan = (text: string, files?: Record<string, string>) => native.plan(factsOf(text, files), {});
  it.each([
    // the same release's plain image, the -dev packages' libraries, the binary and its data
    ['FROM debian:bookworm\nRUN apt-get install -y build-essential zlib1g-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["/app/srv"]\n', 'debian:bookworm-slim', ['zlib1g'], ['/app/srv', '/app/data']],
    ['FROM ubuntu:22.04\nRUN apt-get install -y gcc libjpeg-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'ubuntu:22.04', ['libjpeg-turbo8'], ['/app/srv', '/app/data']],
    ['FROM ubuntu:24.04\nRUN apt-get install -y gcc libssl-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'ubuntu:24.04', ['libssl3t64'], ['/app/srv', '/app/data']],
    ['FROM alpine:3.19\nRUN apk add build-base libpcap-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["/app/srv"]\n', 'alpine:3.19', ['libpcap'], ['/app/srv', '/app/data']],
    // libraries of other releases; a library not known there keeps its -dev package whole (it depends on it)
    ['FROM debian:buster\nRUN apt-get install -y gcc libssl-dev libffi-dev zlib1g-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'debian:buster-slim', ['libssl1.1', 'libffi6', 'zlib1g'], ['/app/srv', '/app/data']],
    ['FROM ubuntu:20.04\nRUN apt-get install -y gcc libssl-dev libzip-dev default-libmysqlclient-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'ubuntu:20.04', ['libssl1.1', 'libzip5', 'libmysqlclient21'], ['/app/srv', '/app/data']],
    ['FROM debian:stretch\nRUN apt-get install -y gcc libssl-dev libeigen3-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'debian:stretch-slim', ['libssl-dev'], ['/app/srv', '/app/data']],
    ['FROM debian:bookworm\nRUN apt-get install -y gcc libfoo-dev libapr1-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'debian:bookworm-slim', ['libfoo-dev', 'libapr1'], ['/app/srv', '/app/data']],
    ['FROM debian:trixie\nRUN apt-get install -y gcc libapr1-dev libvpx-dev libssl-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'debian:trixie-slim', ['libapr1-dev', 'libvpx-dev', 'libssl3t64'], ['/app/srv', '/app/data']],
    ['FROM debian:bullseye\nRUN apt-get install -y gcc libvpx-dev python3.9-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./srv"]\n', 'debian:bullseye-slim', ['libvpx6'], ['/app/srv', '/app/data']],
    ['FROM buildpack-deps:bookworm\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["/app/srv"]\n', 'debian:bookworm-slim', [], ['/app/srv', '/app/data']],
    // installed on the PATH by `make install`: the prefix is copied by the split, not handed over here
    ['FROM debian:bookworm\nRUN apt-get install -y gcc make\nRUN cd /usr/src/x && ./configure && make && make install\nCMD ["tool"]\n', 'debian:bookworm-slim', [], []],
    // no smaller image known (the C library of an unknown image cannot be told): the same image, without the build
    ['FROM quay.io/someone/cppbuild:1\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./x"]\n', 'quay.io/someone/cppbuild:1', [], ['/app/x', '/app/data']],
    ['FROM openjdk:11-jdk\nRUN apt-get install -y gcc make libapr1-dev\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./x"]\n', 'openjdk:11-jdk', ['libapr1-dev'], ['/app/x', '/app/data']],
  ])('%s', (text, image, packages, handover) => {
    const p = plan(text, { 'srv.c': '', Makefile: '', 'data/x.txt': '' });
    if ('skip' in p) throw new Error(p.skip);
    expect(p.runtime.image).toBe(image);
    expect(p.runtimePackages).toEqual(packages);
    expect(p.handover).toEqual(handover);
  });
  it.each([
    ['FROM debian:bookworm\nRUN apt-get install -y gcc $LIBS\nWORKDIR /app\nCOPY . .\nRUN make\nCMD ["./x"]\n', /cannot tell which packages `\$LIBS`/],
    ['FROM debian:bookworm\nRUN ./configure --prefix=/usr && make && make install\nCMD ["x"]\n', /installs under \/usr/],
  ])('%s is not split', (text, why) => {
    const p = plan(text);
    expect(p).toHaveProperty('skip');
    expect((p as { skip: string }).skip).toMatch(why);
  });
});
