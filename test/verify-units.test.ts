// The pure parts of verify: reading build logs, users, comparing behaviour, the run-argument guard, names,
// and the HTTP probe against a real local server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHint, lastLines, unfetchableImage } from '../src/verify/build-log.ts';
import { tcpPorts } from '../src/verify/build.ts';
import { compare, DIFF_LINES, render, type Observation } from '../src/verify/compare.ts';
import { versionParts } from '../src/verify/engine.ts';
import { checkVerifyFlags, refusedRunArg, type VerifyFlags } from '../src/verify/flags.ts';
import { secretValue, streamSearch } from '../src/verify/secrets.ts';
import { parseVerifyFlags } from '../src/verify/command.ts';
import { get, waitForAnswer } from '../src/verify/http.ts';
import { firstTarFile, isRoot, parseId, userFromPasswd } from '../src/verify/identity.ts';
import { bar } from '../src/verify/markdown.ts';
import { verifyProgress } from '../src/verify/progress.ts';
import { runResources, slug } from '../src/verify/resources.ts';

/** The verify flags as the command parses them. */
function flagsOf(argv: string[]): VerifyFlags {
  const parsed = parseVerifyFlags(argv);
  if ('usage' in parsed) throw new Error(parsed.usage);
  return parsed.flags;
}

const LOGS = join(import.meta.dirname, '..', 'fixtures', 'verify', 'logs');
const log = (name: string): string => readFileSync(join(LOGS, name), 'utf8');

describe('build logs (recorded from docker 20.10 here, BuildKit and the classic builder)', () => {
  it('names the base image BuildKit could not fetch', () => {
    expect(unfetchableImage(log('buildkit-base-image.txt'), 'FROM nonexistent/thing:1\n')).toEqual({ image: 'docker.io/nonexistent/thing:1', frontend: false });
  });

  it('names the # syntax= frontend and says it is one', () => {
    expect(unfetchableImage(log('buildkit-syntax-frontend.txt'), '# syntax=docker/dockerfile:1\nFROM debian\n')).toEqual({ image: 'docker.io/docker/dockerfile:1', frontend: true });
  });

  it('names the image the classic builder could not pull', () => {
    expect(unfetchableImage(log('classic-base-image.txt'))).toEqual({ image: 'nonexistent/thing:1', frontend: false });
  });

  it('a failing RUN is not a fetch problem, even though its log loads metadata', () => {
    expect(unfetchableImage(log('buildkit-run-fails.txt'))).toBeNull();
    expect(unfetchableImage(log('classic-run-mount.txt'))).toBeNull();
  });

  it('other engines\' wording: buildx, podman', () => {
    expect(unfetchableImage('ERROR: failed to solve: nosuch:1: failed to resolve source metadata for docker.io/library/nosuch:1: pull access denied, repository does not exist or may require authorization')).toEqual({
      image: 'docker.io/library/nosuch:1',
      frontend: false,
    });
    expect(unfetchableImage('Error: creating build container: initializing source docker://quay.io/x/y:2: reading manifest 2 in quay.io/x/y: manifest unknown')!.image).toBe('quay.io/x/y:2');
    expect(unfetchableImage('Error: short-name "myimage:1" did not resolve to an alias and no unqualified-search registries are defined')!.image).toBe('myimage:1');
    expect(unfetchableImage('Error response from daemon: pull access denied for private/app, repository does not exist')!.image).toBe('private/app');
  });

  it('keeps the last lines that say something, and hints at BuildKit for RUN --mount', () => {
    const tail = lastLines(log('buildkit-run-fails.txt'), 3);
    expect(tail).toBe('#5 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3\n > [2/2] RUN exit 3:\nexecutor failed running [/bin/sh -c exit 3]: exit code: 3');
    expect(buildHint(log('classic-run-mount.txt'))).toMatch(/RUN --mount needs BuildKit.*--no-cache-mounts/);
    expect(buildHint(log('buildkit-run-fails.txt'))).toBeNull();
  });
});

describe('users', () => {
  it('reads `id`', () => {
    expect(parseId('uid=1000(node) gid=1000(node) groups=1000(node)\n')).toBe('node(1000)');
    expect(parseId('uid=10001 gid=10001 groups=10001')).toBe('10001');
    expect(parseId('exec: "id": executable file not found in $PATH')).toBeNull();
  });

  it('resolves a configured user through /etc/passwd', () => {
    const passwd = 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n';
    expect(userFromPasswd('', passwd)).toBe('root(0)');
    expect(userFromPasswd('nonroot', passwd)).toBe('nonroot(65532)');
    expect(userFromPasswd('65532:65532', passwd)).toBe('nonroot(65532)');
    expect(userFromPasswd('10001', undefined)).toBe('10001');
    expect(userFromPasswd('app', undefined)).toBe('app(?)');
    expect(isRoot('root(0)')).toBe(true);
    expect(isRoot('nonroot(65532)')).toBe(false);
  });

  it('reads the file out of the tar stream `cp … -` prints', () => {
    const content = 'root:x:0:0::/root:/bin/sh\n';
    const header = Buffer.alloc(512);
    header.write('passwd', 0);
    header.write(content.length.toString(8).padStart(11, '0') + '\0', 124);
    const tar = Buffer.concat([header, Buffer.from(content), Buffer.alloc(512 - content.length), Buffer.alloc(1024)]).toString('latin1');
    expect(firstTarFile(tar)).toBe(content);
    expect(firstTarFile('short')).toBeUndefined();
  });
});

describe('comparing behaviour', () => {
  const http = (body: string, status = 200, type = 'text/plain'): Observation => ({ kind: 'http', port: 80, answers: [{ path: '/', status, contentType: type, body: Buffer.from(body) }] });

  it('same answers are the same; any difference is named first, then shown as a diff', () => {
    expect(compare(http('hi'), http('hi'))).toEqual({ same: true, summary: 'same behaviour', diff: '' });
    expect(compare(http('hi'), http('hi', 500)).summary).toBe('GET /: status 200 → 500');
    expect(compare(http('hi'), http('hi', 200, 'text/html')).summary).toBe('GET /: content type text/plain → text/html');
    const c = compare(http('a\nb\n'), http('a\nc\n'));
    expect(c.summary).toBe('GET /: body differs');
    expect(c.diff).toBe('--- original\n+++ converted\n@@ -1,3 +1,3 @@\n GET / -> 200 text/plain\n a\n-b\n+c\n');
  });

  it('a command-line run compares exit code and stdout', () => {
    expect(compare({ kind: 'run', exitCode: 0, stdout: 'x\n' }, { kind: 'run', exitCode: 2, stdout: 'x\n' }).summary).toBe('exit code 0 → 2');
    expect(compare({ kind: 'run', exitCode: 0, stdout: 'x' }, { kind: 'run', exitCode: 0, stdout: 'x' }).same).toBe(true);
    expect(render({ kind: 'run', exitCode: 0, stdout: 'x' })).toBe('exit code 0\nx\n');
  });

  it('an original that never behaved is never "same", even against another that never did', () => {
    const none: Observation = { kind: 'none', why: 'exited at once (exit code 1)' };
    expect(compare(none, none).same).toBe(false);
  });

  it('binary bodies are compared but not printed; long diffs are cut', () => {
    const bin = (b: number[]): Observation => ({ kind: 'http', port: 80, answers: [{ path: '/img', status: 200, contentType: 'image/png', body: Buffer.from(b) }] });
    expect(render(bin([0, 1, 2]))).toBe('GET /img -> 200 image/png\n(3 bytes of binary data)\n');
    const many = (n: number): Observation => ({ kind: 'run', exitCode: 0, stdout: Array.from({ length: 200 }, (_, i) => `${i % n}`).join('\n') });
    const lines = compare(many(7), many(11)).diff.split('\n');
    expect(lines.length).toBeLessThanOrEqual(DIFF_LINES + 2);
    expect(lines.at(-2)).toMatch(/^… \(\d+ more lines\)$/);
  });
});

describe('names, guards, formatting', () => {
  it('run arguments that would listen beyond 127.0.0.1 are refused', () => {
    for (const bad of [['-p', '80:80'], ['-p80:80'], ['--publish=80:80'], ['-P'], ['--publish-all'], ['--network', 'host'], ['--net=host'], ['-itP']]) expect(refusedRunArg(bad), bad.join(' ')).not.toBeNull();
    for (const ok of [['--tmpfs=/tmp'], ['--network', 'bridge'], ['--memory=512m'], ['--pids-limit', '100']]) expect(refusedRunArg(ok), ok.join(' ')).toBeNull();
  });

  it('flags: bad values are refused with a message naming the flag', () => {
    const check = (...argv: string[]) => () => checkVerifyFlags(flagsOf(argv), undefined);
    for (const [argv, message] of [
      [['--run-arg=--network=host'], /the host network would expose the app beyond 127\.0\.0\.1/],
      [['--run-arg=--net', '--run-arg=host'], /the host network/],
      [['--engine', 'rkt'], /--engine must be one of docker, podman/],
      [['--probe', 'healthz'], /--probe takes a path starting with \//],
      [['--env', 'NOPE'], /--env takes K=V/],
      [['--probe-header', 'no colon'], /--probe-header takes "Name: value"/],
      [['--timeout', '0'], /--timeout must be a number of seconds above 0/],
      [['--port', '70000'], /--port must be a port number/],
      [['--concurrency', 'two'], /--concurrency must be a whole number/],
      [['--report', 'out.txt'], /--report needs a file ending in \.md or \.json/],
      [['--uid', 'abc'], /--uid must be a positive whole number/],
      [['--only', 'nope'], /--only names an unknown transform "nope"/],
      [['--context', 'no/such/folder'], /--context folder "no\/such\/folder" does not exist/],
      [['--shard', '3/2'], /--shard must be I\/N/],
      [['--secret', 'src=.npmrc'], /--secret takes id=ID,src=FILE/],
      [['--secret', 'id=npmrc,src'], /--secret takes id=ID,src=FILE/],
    ] as const) expect(check(...argv), argv.join(' ')).toThrow(message);
  });

  it('flags: good values become settings; conversion booleans stay unset unless given', () => {
    const argv = ['--probe', '/a', '--probe-header', 'X-A: 1', '--env', 'A=b=c', '--timeout', '1.5', '--no-syntax', '--uid', '20000'];
    const p = checkVerifyFlags(flagsOf(argv), ['--version']);
    expect(p.settings.run).toMatchObject({ probes: ['/a'], headers: { 'X-A': '1' }, env: ['A=b=c'], timeoutMs: 1500, command: ['--version'], keep: false });
    expect(p.settings.convert).toEqual({ syntax: false, uid: 20000 });
    expect(p).toMatchObject({ engine: 'docker', concurrency: 1, settings: { buildTimeoutMs: 1_200_000, cache: true, config: true } });
  });

  it('image and container names are valid for both engines and say which file and side', () => {
    expect(slug('services/API_v2/Dockerfile')).toBe('services-api-v2');
    expect(slug('Dockerfile')).toBe('dockerfile');
    expect(slug('a/b.Dockerfile')).toBe('a-b');
    const r = runResources('abc123');
    expect(r.label).toBe('msd-convert.verify=abc123');
    expect(r.image(0, 'web/Dockerfile', 'original')).toBe('msd-verify/1-web:abc123-original');
    expect(r.container(1, 'web/Dockerfile', 'converted')).toBe('msd-verify-abc123-2-web-converted');
    expect(r.image(0, `${'x'.repeat(300)}/Dockerfile`, 'original').length).toBeLessThan(80);
  });

  it('exposed ports: TCP only, lowest first', () => {
    expect(tcpPorts({ '9090/tcp': {}, '53/udp': {}, '8080/tcp': {} })).toEqual([8080, 9090]);
    expect(tcpPorts(null)).toEqual([]);
  });

  it('the size bar has one cell per 10 %', () => {
    expect(bar(99.1)).toBe('██████████');
    expect(bar(61.6)).toBe('██████░░░░');
    expect(bar(0)).toBe('░░░░░░░░░░');
    expect(bar(-3)).toBe('▲ larger');
    expect(bar(null)).toBe('');
  });

  it('versions', () => {
    expect(versionParts('20.10.24+dfsg1')).toEqual([20, 10, 24]);
    expect(versionParts('28.2')).toEqual([28, 2, 0]);
  });
});

describe('the HTTP probe', () => {
  let server: Server;
  let port = 0;
  let requests = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      if (req.url === '/late' && requests < 3) return req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, probe: req.headers['x-probe'] ?? null }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('gets status, content type and body, with the headers given', async () => {
    const a = await get(port, '/x', { 'X-Probe': 'yes' }, 2000);
    expect([a.status, a.contentType, a.body.toString()]).toEqual([200, 'application/json', '{"url":"/x","probe":"yes"}']);
  });

  it('waits through dropped connections until the app answers', async () => {
    requests = 0;
    const w = await waitForAnswer(port, '/late', {}, performance.now() + 5000, async () => true, 20);
    expect(w).toEqual({ answered: true });
    expect(requests).toBe(3);
  });

  it('stops waiting when the container is gone, or at the deadline', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const dead = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await waitForAnswer(dead, '/', {}, performance.now() + 5000, async () => false, 20)).toEqual({ answered: false, why: 'stopped' });
    const t0 = performance.now();
    expect(await waitForAnswer(dead, '/', {}, performance.now() + 300, async () => true, 20)).toEqual({ answered: false, why: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('the progress line', () => {
  const stream = (tty: boolean) => {
    const writes: string[] = [];
    return { writes, s: { isTTY: tty, columns: tty ? 60 : 0, write: (t: string) => writes.push(t) } as unknown as NodeJS.WriteStream };
  };

  it('on a terminal: file, step and elapsed seconds, redrawn in place and cleared at the end', () => {
    const { writes, s } = stream(true);
    let now = 0;
    const p = verifyProgress(s, true, 3, () => now);
    p.stage('web/Dockerfile', 'building converted');
    now = 12_400;
    p.print('same api/Dockerfile\n');
    expect(writes).toEqual(['\rverify 0/3 · web/Dockerfile: building converted 0 s\x1b[K', '\r\x1b[K', 'same api/Dockerfile\n', '\rverify 0/3 · web/Dockerfile: building converted 12 s\x1b[K']);
    p.finish('web/Dockerfile');
    p.end();
    expect(writes.at(-1)).toBe('\r\x1b[K');
  });

  it('elsewhere (a pipe, CI) or with --quiet: nothing but what is printed', () => {
    for (const [tty, enabled] of [[false, true], [true, false]] as const) {
      const { writes, s } = stream(tty);
      const p = verifyProgress(s, enabled, 1);
      p.stage('a/Dockerfile', 'building original');
      p.print('line\n');
      p.end();
      expect(writes).toEqual(['line\n']);
    }
  });
});

describe('secrets searched in the converted image (--secret)', () => {
  it('--secret and --secret-mounts become settings', () => {
    const p = checkVerifyFlags(flagsOf(['--secret', 'id=npmrc,src=.npmrc', '--secret', 'id=T,env=T', '--secret-mounts']), undefined);
    expect(p.settings.secrets).toEqual(['id=npmrc,src=.npmrc', 'id=T,env=T']);
    expect(p.settings.convert).toEqual({ secretMounts: true });
  });

  it('reads a value from a variable or a file, as the engine client does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'msd-secret-'));
    writeFileSync(join(dir, 'token'), 'file-secret-value\n');
    expect(secretValue('id=T,env=MY_T', { MY_T: 'from-env-1234' })).toEqual({ id: 'T', value: 'from-env-1234' });
    expect(secretValue('id=T', { T: 'by-its-id-5678' })).toEqual({ id: 'T', value: 'by-its-id-5678' });
    expect(secretValue(`id=f,src=${join(dir, 'token')}`)).toEqual({ id: 'f', value: 'file-secret-value' });
    expect(secretValue(`id=f,src=${join(dir, 'missing')}`).value).toBeUndefined();
  });

  it('finds a value split across chunks, and only values that are there', () => {
    const s = streamSearch(['secret-token-123', 'absent-value-xyz']);
    for (const chunk of ['....secr', 'et-tok', 'en-1', '23....', 'absent-value-xy']) s.feed(chunk);
    expect([...s.found]).toEqual(['secret-token-123']);
  });
});
