// `crossBuild` of every ecosystem (`--cross-platform`): what a builder that runs on the build machine inserts into
// the build so it targets the image's platform, or why it refuses. One table of variants per ecosystem.
import { describe, expect, it } from 'vitest';
import { crossToolchain } from '../../src/analyze/cross.ts';
import { dockerfile, factsOf } from './ecosystems/helpers.ts';

interface Row {
  readonly name: string;
  readonly lines: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
  /** The inserted texts, or a pattern the refusal must match. */
  readonly expect: readonly string[] | RegExp;
  readonly args?: readonly string[];
}

const lock = (packages: Record<string, object>): string => JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'a' }, ...packages } });
const pkg = (deps: Record<string, string>): string => JSON.stringify({ name: 'a', dependencies: deps });

const ROWS: readonly Row[] = [
  // Go
  { name: 'go: static build', lines: ['FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build -o /app .'], expect: ['GOOS=$TARGETOS GOARCH=$TARGETARCH '], args: ['TARGETOS', 'TARGETARCH'] },
  { name: 'go: CGO_ENABLED=0 from ENV', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'COPY . .', 'RUN go build -o /app . && go build -o /tool ./cmd/tool'], expect: ['GOOS=$TARGETOS GOARCH=$TARGETARCH ', 'GOOS=$TARGETOS GOARCH=$TARGETARCH '] },
  { name: 'go: go generate is left on the build machine', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'COPY . .', 'RUN go generate ./... && go build -o /app .'], expect: ['GOOS=$TARGETOS GOARCH=$TARGETARCH '] },
  { name: 'go: cgo without a cross toolchain', lines: ['FROM golang:1.22', 'COPY . .', 'RUN go build -o /app .'], expect: /may use cgo .*no C cross toolchain/ },
  { name: 'go: cgo with crossbuild-essential', lines: ['FROM golang:1.22', 'RUN apt-get update && apt-get install -y crossbuild-essential-arm64', 'COPY . .', 'RUN go build -o /app .'], expect: ['CGO_ENABLED=1 GOOS=$TARGETOS GOARCH=$TARGETARCH '] },
  { name: 'go: cgo with xx', lines: ['FROM golang:1.22', 'RUN xx-apt-get install -y gcc', 'COPY . .', 'RUN CGO_ENABLED=1 go build -o /app .'], expect: ['GOOS=$TARGETOS GOARCH=$TARGETARCH '] },
  { name: 'go: go install', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'COPY . .', 'RUN go install ./cmd/app'], expect: /go install.*bin\/<os>_<arch>/ },
  { name: 'go: the built binary run after the build', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app . && /out/app --version'], expect: /\/out\/app.*another platform/ },
  { name: 'go: the built binary run by a relative path', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'WORKDIR /src', 'COPY . .', 'RUN go build -o bin/app .', 'RUN ./bin/app selftest'], expect: /another platform/ },
  { name: 'go: upx after the build', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'COPY . .', 'RUN go build -o /app . && upx /app'], expect: /upx.*another platform/ },
  { name: 'go: other commands after the build are fine', lines: ['FROM golang:1.22', 'ENV CGO_ENABLED=0', 'COPY . .', 'RUN go build -o /app . && ls -l /app && go vet ./...'], expect: ['GOOS=$TARGETOS GOARCH=$TARGETARCH '] },
  { name: 'go: its own GOARCH', lines: ['FROM golang:1.22', 'COPY . .', 'RUN CGO_ENABLED=0 GOARCH=arm64 go build -o /app .'], expect: /its own GOOS\/GOARCH/ },
  // .NET
  { name: '.NET 8: restore and publish', lines: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'COPY . .', 'RUN dotnet restore', 'RUN dotnet publish -c Release -o /out --no-restore'], expect: [' -a $TARGETARCH', ' -a $TARGETARCH'], args: ['TARGETARCH'] },
  { name: '.NET 9: build and publish --no-build', lines: ['FROM mcr.microsoft.com/dotnet/sdk:9.0-alpine', 'COPY . .', 'RUN dotnet build -c Release && dotnet publish --no-build -o /out'], expect: [' -a $TARGETARCH', ' -a $TARGETARCH'] },
  { name: '.NET 6: refused', lines: ['FROM mcr.microsoft.com/dotnet/sdk:6.0', 'COPY . .', 'RUN dotnet publish -o /out'], expect: /not \.NET 8 or later/ },
  { name: '.NET: a RID of its own', lines: ['FROM mcr.microsoft.com/dotnet/sdk:8.0', 'COPY . .', 'RUN dotnet publish -r linux-x64 -o /out'], expect: /its own runtime or architecture/ },
  // Rust
  { name: 'rust: no cross linker', lines: ['FROM rust:1.75', 'COPY . .', 'RUN cargo build --release'], expect: /aarch64-unknown-linux-gnu.*no cross linker/ },
  { name: 'rust: a cross linker, release build copied back to target/release', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build --release'], expect: ["RUST_TARGET=\"$(case \"$TARGETARCH\" in amd64) echo x86_64-unknown-linux-gnu;; arm64) echo aarch64-unknown-linux-gnu;; arm) echo armv7-unknown-linux-gnueabihf;; *) echo \"unsupported TARGETARCH $TARGETARCH\" >&2; exit 1;; esac)\" && rustup target add \"$RUST_TARGET\" && CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=x86_64-linux-gnu-gcc CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER=arm-linux-gnueabihf-gcc ", ' --target "$RUST_TARGET" && mkdir -p target/release && cp -a "target/$RUST_TARGET/release/." target/release/'], args: ['TARGETARCH'] },
  { name: 'rust: a debug build', lines: ['FROM rust:1.75-bookworm', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build'], expect: ["RUST_TARGET=\"$(case \"$TARGETARCH\" in amd64) echo x86_64-unknown-linux-gnu;; arm64) echo aarch64-unknown-linux-gnu;; arm) echo armv7-unknown-linux-gnueabihf;; *) echo \"unsupported TARGETARCH $TARGETARCH\" >&2; exit 1;; esac)\" && rustup target add \"$RUST_TARGET\" && CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=x86_64-linux-gnu-gcc CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER=arm-linux-gnueabihf-gcc ", ' --target "$RUST_TARGET" && mkdir -p target/debug && cp -a "target/$RUST_TARGET/debug/." target/debug/'] },
  { name: 'rust: a profile of its own', lines: ['FROM rust:1.75', 'RUN apt-get install -y crossbuild-essential-arm64', 'COPY . .', 'RUN cargo build --profile dist --bin app'], expect: ["RUST_TARGET=\"$(case \"$TARGETARCH\" in amd64) echo x86_64-unknown-linux-gnu;; arm64) echo aarch64-unknown-linux-gnu;; arm) echo armv7-unknown-linux-gnueabihf;; *) echo \"unsupported TARGETARCH $TARGETARCH\" >&2; exit 1;; esac)\" && rustup target add \"$RUST_TARGET\" && CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=x86_64-linux-gnu-gcc CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER=arm-linux-gnueabihf-gcc ", ' --target "$RUST_TARGET" && mkdir -p target/dist && cp -a "target/$RUST_TARGET/dist/." target/dist/'] },
  { name: 'rust: its own --target', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build --release --target aarch64-unknown-linux-gnu'], expect: /its own target/ },
  { name: 'rust: CARGO_TARGET_DIR', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'ENV CARGO_TARGET_DIR=/build', 'COPY . .', 'RUN cargo build --release'], expect: /CARGO_TARGET_DIR/ },
  { name: 'rust: the build piped', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build --release | tee log'], expect: /followed by `\|`/ },
  { name: 'rust: after `||`', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo fetch || cargo build --release'], expect: /follows `\|\|`/ },
  { name: 'rust: strip after the build', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build --release && strip target/release/app'], expect: /strip.*another platform/ },
  { name: 'rust: the binary run after the build', lines: ['FROM rust:1.75', 'RUN apt-get update && apt-get install -y gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build --release', 'RUN ./target/release/app --version'], expect: /another platform/ },
  { name: 'rust: not a rust image (no rustup)', lines: ['FROM debian:bookworm', 'RUN apt-get install -y cargo gcc-aarch64-linux-gnu', 'COPY . .', 'RUN cargo build --release'], expect: /not a rust image/ },
  // Java
  { name: 'java: bytecode', lines: ['FROM maven:3.9-eclipse-temurin-17', 'COPY . .', 'RUN mvn -B package'], expect: [] },
  { name: 'java: JNI compiled', lines: ['FROM maven:3.9-eclipse-temurin-17', 'RUN apt-get update && apt-get install -y gcc make', 'COPY . .', 'RUN mvn -B package'], expect: /compiles native code/ },
  // Node
  { name: 'node: no dependencies', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install'], files: { 'package.json': pkg({}) }, expect: [] },
  { name: 'node: pure dependencies in the lockfile', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'], files: { 'package.json': pkg({ 'escape-html': '1' }), 'package-lock.json': lock({ 'node_modules/escape-html': { version: '1.0.3' } }) }, expect: [] },
  { name: 'node: an install script', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'], files: { 'package.json': pkg({ bcrypt: '5' }), 'package-lock.json': lock({ 'node_modules/bcrypt': { hasInstallScript: true } }) }, expect: /bcrypt runs an install script/ },
  { name: 'node: a platform package (esbuild)', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci'], files: { 'package.json': pkg({ esbuild: '0.20' }), 'package-lock.json': lock({ 'node_modules/@esbuild/linux-x64': { cpu: ['x64'] } }) }, expect: /@esbuild\/linux-x64 is built for one platform/ },
  { name: 'node: no lockfile', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install'], files: { 'package.json': pkg({ express: '4' }) }, expect: /no package-lock\.json/ },
  { name: 'node: node-gyp toolchain', lines: ['FROM node:20', 'RUN apt-get update && apt-get install -y python3 make g++', 'WORKDIR /app', 'COPY . .', 'RUN npm install'], files: { 'package.json': pkg({}) }, expect: /native modules are compiled/ },
  { name: 'node: own addon', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install'], files: { 'package.json': pkg({}), 'binding.gyp': '{}' }, expect: /binding\.gyp/ },
  { name: 'node: no context', lines: ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm install'], expect: /without the build context/ },
  // Python
  { name: 'python: pip installs', lines: ['FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt'], expect: /pip at line 4 installs wheels/ },
  { name: 'python: C extension toolchain', lines: ['FROM python:3.12', 'RUN apt-get update && apt-get install -y gcc libpq-dev', 'WORKDIR /app', 'COPY . .', 'RUN pip install -r requirements.txt'], expect: /native extensions are compiled/ },
];

describe('crossBuild of each ecosystem', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const facts = factsOf(dockerfile(...row.lines), row.files);
      const answer = facts.ecosystem?.crossBuild?.(facts);
      expect(answer, 'the ecosystem answers').toBeDefined();
      if (row.expect instanceof RegExp) {
        expect(answer).toHaveProperty('skip');
        expect((answer as { skip: string }).skip).toMatch(row.expect);
      } else {
        expect(answer).not.toHaveProperty('skip');
        const ok = answer as unknown as { inserts: { text: string }[]; args: string[] };
        expect(ok.inserts.map((i) => i.text)).toEqual(row.expect);
        if (row.args) expect(ok.args).toEqual(row.args);
      }
    });
  }
});

describe('crossToolchain', () => {
  const table: [string, string | null][] = [
    ['RUN apt-get install -y gcc-aarch64-linux-gnu', 'gcc-aarch64-linux-gnu'],
    ['RUN apt-get install -y g++-x86-64-linux-gnu', 'g++-x86-64-linux-gnu'],
    ['RUN apt-get install -y crossbuild-essential-armhf', 'crossbuild-essential-armhf'],
    ['RUN xx-apk add gcc', 'xx-apk'],
    ['RUN apt-get install -y gcc', null],
    ['RUN apt-get install -y gcc-12', null],
  ];
  for (const [line, want] of table) it(line, () => expect(crossToolchain(factsOf(dockerfile('FROM golang:1.22', line)))).toBe(want));
});
