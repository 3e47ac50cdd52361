// Seeded mutators for fuzzing Dockerfiles, shared by `npm run fuzz` (scripts/fuzz.mjs, against dist/) and the
// fixed-seed sample in `npm test` (test/fuzz.test.ts). Plain JS so both can import it without a build step.

/** mulberry32: a small, fast, seedable PRNG; returns floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[next.int(list.length)];
  return next;
}

const lines = (t) => t.split(/(?<=\n)/);
const join = (ls) => ls.join('');

/** Characters a Dockerfile parser or our shell splitter may trip on. */
const NASTY = ['\\', '`', '"', "'", '$', '${', '$(', ')', '}', '[', ']', '#', '&&', '||', ';', '|', '<<', '<<EOF', '\n', '\r', '\r\n', '\t', ' ', '=', '--', ':', '@', '*', '\0', '\u0007', '\u001b[31m'];
const UNICODE = ['\u00e9', '\u00a0', '\u200b', '\u202e', '\ufeff', '\ufffd', '\u0301', '\u4e2d\u6587', '\ud83d\udc33', '\u2028', '\u2029', '\u0085', 'ı', 'ß', 'K'];
const KEYWORDS = ['FROM', 'RUN', 'COPY', 'ADD', 'CMD', 'ENTRYPOINT', 'ENV', 'ARG', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'LABEL', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'STOPSIGNAL', 'MAINTAINER'];

function insertAt(text, r, piece) {
  const at = r.int(text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
}

/** Each mutator: (text, r, donor) → text. `donor` is another corpus file, for crossover. */
export const MUTATORS = {
  truncate: (t, r) => t.slice(0, r.int(t.length + 1)),
  'drop-line': (t, r) => {
    const ls = lines(t);
    ls.splice(r.int(ls.length), 1 + (r() < 0.2 ? r.int(5) : 0));
    return join(ls);
  },
  'duplicate-line': (t, r) => {
    const ls = lines(t);
    const k = r.int(ls.length);
    ls.splice(r.int(ls.length + 1), 0, ls[k] ?? '');
    return join(ls);
  },
  'swap-lines': (t, r) => {
    const ls = lines(t);
    const a = r.int(ls.length);
    const b = r.int(ls.length);
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return join(ls);
  },
  'break-continuation': (t, r) => {
    const ls = lines(t);
    const k = r.int(ls.length);
    const l = ls[k] ?? '';
    const eol = /\r?\n$/.exec(l)?.[0] ?? '';
    const body = l.slice(0, l.length - eol.length);
    const mode = r.int(4);
    if (mode === 0) ls[k] = body.replace(/[\\`]\s*$/, '') + eol; // drop a continuation
    else if (mode === 1) ls[k] = body + ' \\' + eol; // add one (maybe before a blank line or at EOF)
    else if (mode === 2) ls[k] = body + ' `' + eol; // add one with the other escape character
    else ls[k] = body + ' \\   ' + eol; // escape followed by blanks
    return join(ls);
  },
  'random-bytes': (t, r) => {
    let out = t;
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) out = insertAt(out, r, r() < 0.5 ? r.pick(NASTY) : String.fromCharCode(r.int(0x80)));
    return out;
  },
  unicode: (t, r) => {
    let out = t;
    const n = 1 + r.int(3);
    for (let i = 0; i < n; i++) out = insertAt(out, r, r.pick(UNICODE));
    return out;
  },
  'huge-line': (t, r) => {
    const ls = lines(t);
    const k = r.int(ls.length + 1);
    const size = 10_000 + r.int(40_000);
    const kinds = [
      () => 'RUN ' + 'a && '.repeat(size / 5) + 'true\n',
      () => 'ENV ' + Array.from({ length: size / 12 }, (_, i) => `K${i}=v${i}`).join(' ') + '\n',
      () => 'RUN echo ' + 'x'.repeat(size) + '\n',
      () => 'RUN apt-get install -y ' + Array.from({ length: size / 8 }, (_, i) => `pkg${i}`).join(' ') + '\n',
      () => 'LABEL a="' + '\\"'.repeat(size / 2) + '"\n',
      () => 'RUN a \\\n'.repeat(size / 8) + '  b\n',
    ];
    ls.splice(k, 0, r.pick(kinds)());
    return join(ls);
  },
  'deep-nesting': (t, r) => {
    const ls = lines(t);
    const depth = 200 + r.int(3000);
    const kinds = [
      () => 'RUN echo ' + '$('.repeat(depth) + 'x' + ')'.repeat(depth) + '\n',
      () => 'RUN echo ' + '"'.repeat(depth) + '\n',
      () => 'CMD ' + '['.repeat(depth) + '"a"' + ']'.repeat(depth) + '\n',
      () => 'ENV A=' + '${B:-'.repeat(depth) + 'x' + '}'.repeat(depth) + '\n',
      () => 'RUN ' + '( '.repeat(depth) + 'true' + ' )'.repeat(depth) + '\n',
      () => 'RUN ' + "'\"".repeat(depth) + '\n',
      () => 'RUN <<A' + Array.from({ length: 50 }, (_, i) => ` <<B${i}`).join('') + '\nx\nA\n',
    ];
    ls.splice(r.int(ls.length + 1), 0, r.pick(kinds)());
    return join(ls);
  },
  'line-endings': (t, r) => {
    const mode = r.int(4);
    if (mode === 0) return t.replace(/\n/g, '\r\n');
    if (mode === 1) return t.replace(/\r\n/g, '\n');
    if (mode === 2) return t.replace(/\n/g, () => (r() < 0.5 ? '\r\n' : '\n'));
    return t.replace(/\n/g, '\r');
  },
  directive: (t, r) => r.pick(['# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n', '\ufeff', '#escape = `\n', '# check=skip=all\n']) + t,
  'keyword-case': (t, r) => t.replace(new RegExp(`^(\\s*)(${r.pick(KEYWORDS)})\\b`, 'gim'), (_, s, k) => s + (r() < 0.5 ? k.toLowerCase() : k[0] + k.slice(1).toLowerCase())),
  'inject-instruction': (t, r) => {
    const ls = lines(t);
    const piece = r.pick([
      'FROM scratch\n', 'FROM node:20 AS builder\n', 'COPY --from=0 / /\n', 'USER root\n', 'USER 0:0\n', 'ARG TOKEN=x\n',
      'ENV SECRET_KEY=abc\n', 'ONBUILD RUN x\n', 'HEALTHCHECK CMD curl -f http://localhost/\n', 'EXPOSE 80\n',
      'RUN <<EOF\n', 'RUN <<EOF\necho\nEOF\n', 'COPY <<EOT /etc/x\nhi\nEOT\n', 'WORKDIR\n', 'CMD\n', 'FROM\n',
      'SHELL ["powershell"]\n', 'VOLUME /data\n', 'RUN apt-get install -y build-essential libpq-dev\n', '{{ template }}\n',
    ]);
    ls.splice(r.int(ls.length + 1), 0, piece);
    return join(ls);
  },
  crossover: (t, r, donor) => {
    const a = lines(t);
    const b = lines(donor);
    const i = r.int(a.length + 1);
    const j = r.int(b.length + 1);
    return join([...a.slice(0, i), ...b.slice(j, j + 1 + r.int(10))]) + join(a.slice(i));
  },
};

export const MUTATOR_NAMES = Object.keys(MUTATORS);

/** One mutant: 1–3 mutations of `text`. Returns the text and the names of the mutations applied. */
export function mutate(text, r, donor = '') {
  const ops = [];
  let out = text;
  const n = 1 + (r() < 0.3 ? r.int(3) : 0);
  for (let i = 0; i < n; i++) {
    const op = r.pick(MUTATOR_NAMES);
    out = MUTATORS[op](out, r, donor);
    ops.push(op);
  }
  return { text: out, ops };
}
