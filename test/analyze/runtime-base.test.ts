import { describe, expect, it } from 'vitest';
import { parseImage } from '../../src/analyze/images.ts';
import { runtimeBase, serverBase, type RuntimeKind } from '../../src/analyze/runtime-base.ts';
import type { RuntimeBasePolicy } from '../../src/options.ts';

// [builder, kind, policy, shell needed, expected image or 'skip', note expected]
const TABLE: [string, RuntimeKind, RuntimeBasePolicy | undefined, boolean, string][] = [
  ['node:20', 'node', undefined, true, 'node:20-slim'],
  ['node:18.17-bullseye', 'node', undefined, true, 'node:18.17-bullseye-slim'],
  ['node:20-alpine', 'node', 'alpine', true, 'node:20-alpine'],
  ['node:${NODE_VERSION}', 'node', undefined, true, 'node:${NODE_VERSION}-slim'],
  ['registry.example:5000/node:20', 'node', undefined, true, 'skip'],
  ['python:3.12-bookworm', 'python', undefined, true, 'python:3.12-slim-bookworm'],
  ['python:3.12@sha256:abc', 'python', undefined, true, 'python:3.12-slim'],
  ['python@sha256:abc', 'python', undefined, true, 'skip'],
  ['ruby:3.2', 'ruby', undefined, true, 'ruby:3.2-slim'],
  ['ruby:3.2-bookworm', 'ruby', undefined, true, 'ruby:3.2-slim-bookworm'],
  ['rust:1.75', 'native', undefined, false, 'debian:bookworm-slim'],
  ['rust:1.75-bullseye', 'native', undefined, false, 'debian:bullseye-slim'],
  ['rust:1.75', 'native', 'distroless', false, 'gcr.io/distroless/cc-debian12:nonroot'],
  ['rust:1.75', 'native', 'distroless', true, 'debian:bookworm-slim'],
  ['rust:1.75', 'native', 'alpine', false, 'debian:bookworm-slim'],
  ['rust:1.75', 'native', 'scratch', false, 'debian:bookworm-slim'],
  ['rust:1.75-alpine3.19', 'native', undefined, false, 'alpine:3.19'],
  ['golang:1.22', 'static', 'scratch', false, 'scratch'],
  ['golang:1.22-alpine', 'static', 'scratch', false, 'scratch'],
  ['golang:1.22', 'static', 'distroless', false, 'gcr.io/distroless/static-debian12:nonroot'],
  // A static binary needs no glibc, so the Debian release of the build does not matter; a cgo one does.
  ['golang:1.22-trixie', 'static', 'distroless', false, 'gcr.io/distroless/static-debian12:nonroot'],
  ['golang:1.22-trixie', 'native', 'distroless', false, 'debian:trixie-slim'],
  ['oven/bun:1', 'node', undefined, true, 'oven/bun:1-slim'],
  ['oven/bun:1-alpine', 'node', undefined, true, 'oven/bun:1-alpine'],
  ['php:8.2-apache', 'same-image', 'distroless', true, 'php:8.2-apache'],
  ['eclipse-temurin:17-jdk', 'java', undefined, true, 'eclipse-temurin:17-jre'],
  ['eclipse-temurin:21-jdk-jammy', 'java', undefined, true, 'eclipse-temurin:21-jre-jammy'],
  ['eclipse-temurin:17-jdk-alpine', 'java', undefined, true, 'eclipse-temurin:17-jre-alpine'],
  ['eclipse-temurin:17', 'java', undefined, true, 'eclipse-temurin:17-jre'],
  ['maven:3.9-eclipse-temurin-17', 'java', undefined, true, 'eclipse-temurin:17-jre'],
  ['maven:3.9-eclipse-temurin-21-alpine', 'java', undefined, true, 'eclipse-temurin:21-jre-alpine'],
  ['maven:3.8.6-openjdk-11-slim', 'java', undefined, true, 'openjdk:11-jre-slim'],
  ['maven:3.8.4-openjdk-17', 'java', undefined, true, 'eclipse-temurin:17-jre'],
  ['gradle:8.5-jdk17', 'java', undefined, true, 'eclipse-temurin:17-jre'],
  // older tags that name the JDK alone: OpenJDK images, with JREs of their own up to 11
  ['maven:3.5.3-jdk-8', 'java', undefined, true, 'openjdk:8-jre'],
  ['maven:3.5-jdk-8-alpine', 'java', undefined, true, 'openjdk:8-jre-alpine'],
  ['maven:3.6.3-jdk-11-slim', 'java', undefined, true, 'openjdk:11-jre-slim'],
  ['openjdk:11-jdk-alpine', 'java', undefined, true, 'eclipse-temurin:11-jre-alpine'],
  ['java:8', 'java', undefined, true, 'java:8-jre'],
  ['java:openjdk-8-jdk-alpine', 'java', undefined, true, 'java:8-jre-alpine'],
  // Clojure and Scala build images: the JRE of their JDK
  ['clojure:temurin-21-lein', 'java', undefined, true, 'eclipse-temurin:21-jre'],
  ['clojure:openjdk-11-lein', 'java', undefined, true, 'openjdk:11-jre'],
  ['clojure:lein-2.8.1', 'java', undefined, true, 'eclipse-temurin:8-jre'],
  ['sbtscala/scala-sbt:eclipse-temurin-21.0.6_7_1.10.11_2.13.16', 'java', undefined, true, 'eclipse-temurin:21-jre'],
  ['sbtscala/scala-sbt:eclipse-temurin-jammy-17.0.5_8_1.9.0_2.13.10', 'java', undefined, true, 'eclipse-temurin:17-jre-jammy'],
  ['gradle:jdk21-alpine', 'java', undefined, true, 'eclipse-temurin:21-jre-alpine'],
  ['openjdk:17-jdk-slim', 'java', undefined, true, 'eclipse-temurin:17-jre'],
  ['openjdk:11', 'java', undefined, true, 'openjdk:11-jre'],
  ['amazoncorretto:17', 'java', undefined, true, 'skip'],
  ['mcr.microsoft.com/dotnet/sdk:8.0', 'dotnet-aspnet', undefined, true, 'mcr.microsoft.com/dotnet/aspnet:8.0'],
  ['mcr.microsoft.com/dotnet/sdk:8.0-alpine', 'dotnet-runtime', undefined, true, 'mcr.microsoft.com/dotnet/runtime:8.0-alpine'],
  ['mcr.microsoft.com/dotnet/core/sdk:3.1', 'dotnet-aspnet', undefined, true, 'mcr.microsoft.com/dotnet/core/aspnet:3.1'],
  ['ubuntu:22.04', 'native', undefined, true, 'ubuntu:22.04'],
  ['debian:bookworm', 'native', undefined, true, 'debian:bookworm-slim'],
  ['registry.access.redhat.com/ubi9/ubi:9.3', 'native', undefined, true, 'registry.access.redhat.com/ubi9/ubi-minimal:9.3'],
  ['amazonlinux:2023', 'native', 'distroless', true, 'amazonlinux:2023'],
  ['quay.io/someone/builder:1', 'native', undefined, true, 'skip'],
  ['$BASE', 'native', undefined, true, 'skip'],
  // Files need no libc: any builder gets nginx-unprivileged, Alpine stays Alpine (or is asked for).
  ['node:20', 'static-files', undefined, true, 'nginxinc/nginx-unprivileged:stable'],
  ['node:20-alpine', 'static-files', undefined, true, 'nginxinc/nginx-unprivileged:stable-alpine'],
  ['node:20', 'static-files', 'alpine', true, 'nginxinc/nginx-unprivileged:stable-alpine'],
  ['node:20', 'static-files', 'distroless', true, 'nginxinc/nginx-unprivileged:stable'],
  ['node@sha256:abc', 'static-files', undefined, true, 'nginxinc/nginx-unprivileged:stable'],
  ['registry.example:5000/node:20', 'static-files', undefined, true, 'registry.example:5000/nginxinc/nginx-unprivileged:stable'],
];

describe('runtime base table', () => {
  for (const [builder, kind, policy, shell, expected] of TABLE) {
    it(`${builder} (${kind}${policy ? `, ${policy}` : ''}${shell ? ', shell' : ''}) → ${expected}`, () => {
      const out = runtimeBase(parseImage(builder), kind, policy, { shell });
      if (expected === 'skip') expect('skip' in out).toBe(true);
      else {
        expect('skip' in out ? out.skip : out.image).toBe(expected);
      }
    });
  }
  it('says why a policy was not followed', () => {
    const out = runtimeBase(parseImage('rust:1.75'), 'native', 'alpine', { shell: false });
    expect('note' in out && out.note).toMatch(/C library/);
  });
  it('follows the ecosystem\'s own policy when none is asked, without a note', () => {
    const out = runtimeBase(parseImage('golang:1.22'), 'native', undefined, { shell: false, libstdcxx: false, fallback: 'distroless' });
    expect(out).toMatchObject({ image: 'gcr.io/distroless/base-debian12:nonroot', note: '' });
    const asked = runtimeBase(parseImage('golang:1.22'), 'native', 'slim', { shell: false, fallback: 'distroless' });
    expect(asked).toMatchObject({ image: 'debian:bookworm-slim' });
  });
  it('falls back to slim with a note when the runtime must install packages', () => {
    const out = runtimeBase(parseImage('golang:1.22'), 'static', 'scratch', { shell: false, packages: true });
    expect(out).toMatchObject({ image: 'debian:bookworm-slim', note: expect.stringMatching(/package manager/) });
  });
  it('never crosses libc: alpine builders keep alpine under any policy but scratch', () => {
    for (const p of ['slim', 'distroless'] as const) {
      const out = runtimeBase(parseImage('rust:1.75-alpine'), 'native', p, { shell: false });
      expect('image' in out && out.image).toBe('alpine:3.21');
    }
  });
  it('keeps the builder\'s version precision: never a floating alpine:3, and says when it had to pick a release', () => {
    const named = runtimeBase(parseImage('golang:1.22-alpine3.19'), 'native', undefined, { shell: false });
    expect(named).toMatchObject({ image: 'alpine:3.19' });
    expect('caveats' in named && named.caveats).toEqual([]);
    const unnamed = runtimeBase(parseImage('rust:1.75-alpine'), 'native', undefined, { shell: false });
    expect(unnamed).toMatchObject({ image: 'alpine:3.21', caveats: [expect.stringMatching(/does not name its Alpine release/)] });
  });
  it('a builder pinned by digest: the runtime is not, and a caveat says so', () => {
    const out = runtimeBase(parseImage('node:20@sha256:abc'), 'node', undefined, { shell: true });
    expect(out).toMatchObject({ image: 'node:20-slim', caveats: [expect.stringMatching(/pinned by digest/)] });
  });
});

// ARG-templated builders: [as written, with the defaults, kind, expected runtime, caveat expected]
const TEMPLATED: [string, string, RuntimeKind, string, boolean][] = [
  ['node:${NODE_VERSION}', 'node:18', 'node', 'node:${NODE_VERSION}-slim', false],
  ['node:$NODE_VERSION', 'node:18', 'node', 'node:$NODE_VERSION-slim', false],
  ['node:${NODE_VERSION}-alpine', 'node:18-alpine', 'node', 'node:${NODE_VERSION}-alpine', false],
  ['node:${NODE_VERSION}-bullseye', 'node:18-bullseye', 'node', 'node:${NODE_VERSION}-bullseye-slim', false],
  ['python:${PY}-bookworm', 'python:3.12-bookworm', 'python', 'python:${PY}-slim-bookworm', false],
  ['python:${PY}', 'python:3.12', 'python', 'python:${PY}-slim', false],
  ['eclipse-temurin:${JAVA}-jdk', 'eclipse-temurin:17-jdk', 'java', 'eclipse-temurin:${JAVA}-jre', false],
  ['maven:3.9-eclipse-temurin-${JAVA}', 'maven:3.9-eclipse-temurin-17', 'java', 'eclipse-temurin:${JAVA}-jre', false],
  ['mcr.microsoft.com/dotnet/sdk:${V}', 'mcr.microsoft.com/dotnet/sdk:8.0', 'dotnet-aspnet', 'mcr.microsoft.com/dotnet/aspnet:${V}', false],
  ['golang:${GO}-alpine3.19', 'golang:1.22-alpine3.19', 'static', 'alpine:3.19', false],
  ['golang:${GO}', 'golang:1.22', 'static', 'debian:bookworm-slim', false],
  ['rust:${RUST_VERSION}', 'rust:1.75', 'native', 'debian:bookworm-slim', true],
];

describe('ARG-templated builders keep their ARGs in the runtime image', () => {
  it.each(TEMPLATED)('%s', (written, resolved, kind, image, caveat) => {
    const out = runtimeBase({ ...parseImage(resolved), template: written }, kind, undefined, { shell: false });
    expect(out).toMatchObject({ image });
    expect(('caveats' in out && out.caveats?.some((c) => /ARG/.test(c))) || false).toBe(caveat);
  });
});

// A web server installed from the distro's packages (issue 15, pattern 4): the same distro release, plain.
describe('serverBase', () => {
  it.each<[string, string, boolean]>([
    ['node:20-bookworm', 'debian:bookworm-slim', false],
    ['node:18-bullseye-slim', 'debian:bullseye-slim', false],
    ['python:3.12-slim-bookworm', 'debian:bookworm-slim', false],
    ['node:20', 'debian:trixie-slim', true],
    ['eclipse-temurin:17-jdk-jammy', 'ubuntu:22.04', false],
    ['debian:bookworm', 'debian:bookworm-slim', false],
    ['debian:12', 'debian:12-slim', false],
    ['ubuntu:22.04', 'ubuntu:22.04', false],
    ['node:20-alpine3.19', 'alpine:3.19', false],
    ['alpine:3.20', 'alpine:3.20', false],
    ['node:20-alpine', 'alpine:3.21', true],
    ['fedora:40', 'fedora:40', false],
    ['phusion/baseimage:jammy-1.0.1', 'phusion/baseimage:jammy-1.0.1', false],
    ['registry.example/node:20-bookworm', 'registry.example/node:20-bookworm', false],
  ])('%s → %s', (builder, image, caveat) => {
    const out = serverBase(parseImage(builder), undefined, { shell: true, packages: true });
    if ('skip' in out) expect.fail(out.skip);
    expect(out.image).toBe(image);
    expect((out.caveats ?? []).length > 0).toBe(caveat);
  });

  it('says why another policy is not followed', () => {
    const out = serverBase(parseImage('node:20-bookworm'), 'distroless', { shell: true, packages: true });
    expect(out).toMatchObject({ image: 'debian:bookworm-slim', note: expect.stringContaining("the web server comes from the distro's packages") });
  });
});
