#!/usr/bin/env node
// A stand-in for the docker client, for testing `msd-convert verify` without an engine. It answers the few
// commands verify uses, the way docker 20.10 prints them, and records every call as one JSON line in
// $FAKE_ENGINE_DIR/events.jsonl. What exists (images, containers) is that log replayed, so `ps`/`images`
// with a label filter, and the tests' "nothing left behind" checks, see the same truth.
//
// $FAKE_ENGINE (JSON) picks the scenario; every key is optional. PATTERN is a regular expression matched
// against the image tag (builds) or the container name (runs), which name the file and the side, e.g.
// "converted" for every converted image, "beta.*converted" for that of the file in folder beta:
//   down: true                      `version` says no daemon answers (exit 1)
//   buildFail: PATTERN              the build fails with a compiler-like error
//   unfetchable: PATTERN            the build fails to fetch its `# syntax=` frontend
//   buildHang: PATTERN              the build records its image, then never ends
//   buildMs: N                      each build takes N ms (to see whether builds overlap)
//   exitAtOnce: PATTERN             the detached container stops at once (exit code 1)
//   serve: true                     detached containers answer HTTP on their published port (a small node
//                                   server that `rm`/`stop` end, and that ends itself after a minute);
//                                   otherwise the published port is one nothing listens on
//   bodies: { original: "…", converted: "…" }                      what that server answers (default "hello")
//   cli: { original: {code, stdout}, converted: {code, stdout} }   what an attached run prints and returns
//   ids: { original: "uid=…", converted: "uid=…" }                 what `id` prints in each container
//   sizes: { original: N, converted: N }
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const dir = process.env.FAKE_ENGINE_DIR;
if (!dir) {
  process.stderr.write('fake-engine: FAKE_ENGINE_DIR is not set\n');
  process.exit(3);
}
const scenario = JSON.parse(process.env.FAKE_ENGINE || '{}');
const log = join(dir, 'events.jsonl');
const args = process.argv.slice(2);
const record = (event) => appendFileSync(log, JSON.stringify({ ...event, at: Date.now(), pid: process.pid }) + '\n');
const events = () => {
  try {
    return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};
record({ op: 'call', args });

/** Images and containers that exist now: created and not removed since. */
function existing() {
  const images = new Map();
  const containers = new Map();
  for (const e of events()) {
    if (e.op === 'image') images.set(e.id, e);
    if (e.op === 'container') containers.set(e.id, e);
    if (e.op === 'removed-container') containers.delete(e.id);
    if (e.op === 'removed-image') images.delete(e.id);
  }
  return { images, containers };
}
const findImage = (ref) => [...existing().images.values()].find((i) => i.id === ref || i.tag === ref);
const findContainer = (ref) => [...existing().containers.values()].find((c) => c.id === ref || c.name === ref);
const hits = (key, text) => typeof scenario[key] === 'string' && new RegExp(scenario[key]).test(text ?? '');
const sideOf = (text) => (/original/.test(text ?? '') ? 'original' : /converted/.test(text ?? '') ? 'converted' : undefined);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const newId = (prefix) => `${prefix}${Date.now().toString(16)}${Math.floor(Math.random() * 1e9).toString(16)}`;
const out = (s) => process.stdout.write(s);
const err = (s) => process.stderr.write(s);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const hang = () => new Promise(() => setInterval(() => {}, 1 << 30));

/** A detached HTTP server standing in for the app; resolves to its port and pid. */
function serve(body) {
  const code = `const s=require('http').createServer((q,r)=>{r.setHeader('content-type','text/plain');r.end(${JSON.stringify(body)})});` +
    `s.listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>process.exit(0),60000).unref();`;
  const child = spawn(process.execPath, ['-e', code], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => {
    child.stdout.once('data', (d) => {
      child.stdout.destroy();
      child.unref();
      resolve({ port: Number(String(d).trim()), serverPid: child.pid });
    });
  });
}
const stopServer = (c) => {
  try {
    if (c?.serverPid) process.kill(c.serverPid);
  } catch {
    // already gone
  }
};

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const [cmd, ...rest] = args;
switch (cmd) {
  case 'version': {
    if (scenario.down) {
      out('{"Client":{"Version":"20.10.24"},"Server":null}\n');
      err('Cannot connect to the Docker daemon at unix:///var/run/fake.sock. Is the docker daemon running?\n');
      process.exit(1);
    }
    out('{"Client":{"Version":"20.10.24"},"Server":{"Version":"20.10.24"}}\n');
    break;
  }
  case 'build': {
    const tag = option('-t');
    const label = option('--label');
    const file = option('-f');
    const side = sideOf(tag);
    const text = readFileSync(file, 'utf8');
    record({ op: 'build-start', tag, side, file, context: rest.at(-1) });
    out('#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n');
    if (scenario.buildMs) await sleep(scenario.buildMs);
    const exposed = Object.fromEntries([...text.matchAll(/^EXPOSE\s+(\d+)/gim)].map((m) => [`${m[1]}/tcp`, {}]));
    const user = /^USER\s+(\S+)/im.exec([...text.matchAll(/^USER\s+\S+/gim)].at(-1)?.[0] ?? '')?.[1] ?? '';
    const image = { op: 'image', id: newId('sha256:'), tag, label, side, exposed, user, size: scenario.sizes?.[side] ?? (side === 'original' ? 900_000_000 : 100_000_000) };
    if (hits('buildHang', tag)) {
      // What a real engine may already hold when its client is killed half-way: assume the worst.
      record(image);
      record({ op: 'hanging', tag });
      await hang();
    }
    if (hits('unfetchable', tag)) {
      err('#2 resolve image config for docker.io/docker/dockerfile:1\n#2 ERROR: failed to do request: Head "https://registry-1.docker.io/v2/docker/dockerfile/manifests/1": dial tcp: lookup registry-1.docker.io: no such host\n------\n > resolve image config for docker.io/docker/dockerfile:1:\n------\nfailed to solve with frontend dockerfile.v0: failed to solve with frontend gateway.v0: failed to do request\n');
      process.exit(1);
    }
    if (hits('buildFail', tag)) {
      err('#7 [3/4] RUN make\n#7 0.412 main.c:3: error: expected declaration\n#7 ERROR: executor failed running [/bin/sh -c make]: exit code: 2\n------\n > [3/4] RUN make:\n------\nexecutor failed running [/bin/sh -c make]: exit code: 2\n');
      process.exit(1);
    }
    record(image);
    out('#9 exporting to image\n#9 DONE 0.1s\n');
    record({ op: 'build-end', tag });
    break;
  }
  case 'image': {
    const img = findImage(rest[1]);
    if (rest[0] !== 'inspect' || !img) {
      err(`Error: No such image: ${rest[1]}\n`);
      process.exit(1);
    }
    out(JSON.stringify([{ Id: img.id, Size: img.size, Config: { ExposedPorts: img.exposed, User: img.user } }]) + '\n');
    break;
  }
  case 'run': {
    const name = option('--name');
    const label = option('--label');
    const side = sideOf(name);
    const entrypoint = option('--entrypoint');
    const detach = args.includes('--detach');
    const id = newId('c');
    const server = detach && scenario.serve && !hits('exitAtOnce', name) ? await serve(scenario.bodies?.[side] ?? 'hello') : {};
    record({ op: 'container', id, name, label, side, publish: option('--publish'), ...server });
    if (entrypoint === 'id') {
      out(`${scenario.ids?.[side] ?? 'uid=0(root) gid=0(root) groups=0(root)'}\n`);
      if (args.includes('--rm')) record({ op: 'removed-container', id, by: 'autorm' });
      break;
    }
    if (detach) {
      out(`${id}\n`);
      break;
    }
    const cli = scenario.cli?.[side] ?? { code: 0, stdout: 'hello\n' };
    if (cli.hang) await hang();
    out(cli.stdout ?? '');
    process.exit(cli.code ?? 0);
    break;
  }
  case 'port': {
    const c = findContainer(rest[0]);
    if (!c) process.exit(1);
    out(`127.0.0.1:${c.port ?? (await freePort())}\n`);
    break;
  }
  case 'container': {
    const c = findContainer(rest[1]);
    if (!c) {
      err(`Error: No such container: ${rest[1]}\n`);
      process.exit(1);
    }
    const stopped = hits('exitAtOnce', c.name);
    out(JSON.stringify([{ Id: c.id, State: { Running: !stopped, ExitCode: stopped ? 1 : 0 }, Config: { User: '' } }]) + '\n');
    break;
  }
  case 'logs':
    out('server starting\n');
    err('Error: Cannot find module /app/server.js\n');
    break;
  case 'exec': {
    const c = findContainer(rest[0]);
    out(`${scenario.ids?.[c?.side] ?? 'uid=0(root) gid=0(root) groups=0(root)'}\n`);
    break;
  }
  case 'create': {
    // A container made only to look inside the image (never started).
    const id = newId('c');
    record({ op: 'container', id, name: id, label: option('--label'), side: 'converted' });
    out(`${id}\n`);
    break;
  }
  case 'cp': {
    // `cp CONTAINER:PATH -`: succeeds only for the paths the scenario says the image has.
    const path = (rest[0] ?? '').replace(/^[^:]*:/, '');
    process.exit((scenario.present ?? []).includes(path) ? 0 : 1);
    break;
  }
  case 'stop':
    for (const ref of rest.filter((a) => !a.startsWith('-') && !/^\d+$/.test(a))) {
      stopServer(findContainer(ref));
      out(`${ref}\n`);
    }
    break;
  case 'ps': {
    const label = option('--filter')?.replace(/^label=/, '');
    out([...existing().containers.values()].filter((c) => c.label === label).map((c) => `${c.id}\n`).join(''));
    break;
  }
  case 'images': {
    const label = option('--filter')?.replace(/^label=/, '');
    out([...existing().images.values()].filter((i) => i.label === label).map((i) => `${i.id}\n`).join(''));
    break;
  }
  case 'rm':
    for (const ref of rest.filter((a) => a !== '-f')) {
      const c = findContainer(ref);
      stopServer(c);
      if (c) record({ op: 'removed-container', id: c.id, by: 'rm' });
    }
    break;
  case 'rmi':
    for (const ref of rest.filter((a) => a !== '-f')) {
      const i = findImage(ref);
      if (i) record({ op: 'removed-image', id: i.id, by: 'rmi' });
    }
    break;
  default:
    err(`fake-engine: unknown command ${cmd}\n`);
    process.exit(1);
}
