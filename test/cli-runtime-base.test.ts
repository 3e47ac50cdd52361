// --runtime-base and --static-server: validated (exit 2) and passed through to the conversion.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, PLAIN_ENV } from './helpers/cli.ts';

const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: PLAIN_ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

function rustApp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'msd-rb-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM rust:1.75\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/app/target/release/hello"]\n');
  writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "hello"\n');
  writeFileSync(join(dir, 'Cargo.lock'), 'version = 3\n');
  mkdirSync(join(dir, 'src'));
  return dir;
}

describe('--runtime-base / --static-server', () => {
  it('rejects an unknown policy with exit 2', () => {
    const r = run(['--runtime-base', 'tiny', 'Dockerfile']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--runtime-base must be one of slim, distroless, alpine, scratch/);
  });
  it('rejects an unknown static server with exit 2', () => {
    expect(run(['--static-server', 'caddy', 'Dockerfile']).code).toBe(2);
  });
  it('passes the policy to the conversion', () => {
    const dir = rustApp();
    expect(run(['--stdout', join(dir, 'Dockerfile')]).stdout).toMatch(/FROM debian:bookworm-slim AS runtime/);
    expect(run(['--stdout', '--runtime-base', 'distroless', join(dir, 'Dockerfile')]).stdout).toMatch(/FROM gcr\.io\/distroless\/cc-debian12:nonroot AS runtime/);
  });
  it('names both flags in --help', () => {
    const help = run(['--help']).stdout;
    expect(help).toMatch(/--runtime-base/);
    expect(help).toMatch(/--static-server/);
  });
});
