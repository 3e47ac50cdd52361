// Byte preservation (src/pipeline/bytes.ts): the odd shapes real Dockerfiles come in keep every byte the tool
// did not mean to touch, new lines use the file's EOL and escape character, and the check itself can fail.
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../src/index.ts';
import { parse } from '../src/model/parse.ts';
import { preservationProblems } from '../src/pipeline/bytes.ts';

const project = projectFromFiles({
  'package.json': JSON.stringify({ name: 'x', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } }),
  'package-lock.json': '{}',
});

/** A Node app that the tool splits, moves COPY in, and gives a user: every kind of edit happens. */
const base = [
  '# build the app',
  'FROM node:20',
  'WORKDIR /app',
  'COPY . .',
  'RUN npm install',
  'RUN npm run build \\',
  '  # a comment inside the continuation',
  '  && echo done',
  'EXPOSE 3000',
  'CMD ["node","dist/server.js"]',
];

const cases: Record<string, string> = {
  lf: base.join('\n') + '\n',
  crlf: base.join('\r\n') + '\r\n',
  bom: '\uFEFF' + base.join('\n') + '\n',
  'bom+crlf': '\uFEFF' + base.join('\r\n') + '\r\n',
  'no final newline': base.join('\n'),
  'crlf, no final newline': base.join('\r\n'),
  'backtick escape': ['# escape=`', ...base.map((l) => l.replace(/\\$/, '`'))].join('\n') + '\n',
  'lower-case instructions': base.map((l) => l.replace(/^(FROM|WORKDIR|COPY|RUN|EXPOSE|CMD)\b/, (k) => k.toLowerCase())).join('\n') + '\n',
  'tabs and trailing spaces': base.map((l, i) => (i % 2 ? l.replace(' ', '\t') + '  ' : l + '\t')).join('\n') + '\n',
  heredoc: [...base.slice(0, 5), 'RUN <<EOF', 'npm run build', '', '  echo "  indented, blank line above"', 'EOF', ...base.slice(8)].join('\n') + '\n',
  'syntax directive and blank lines': ['# syntax=docker/dockerfile:1', '', ...base.flatMap((l) => [l, ''])].join('\n'),
};

describe('byte preservation on odd inputs', () => {
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      const r = convert(text, { project });
      expect(r.status, JSON.stringify(r.reason)).toMatch(/converted|skipped|unchanged/);
      expect(preservationProblems(parse(text), r.output)).toEqual([]);
      // Independently of the check: each non-blank input line is in the output, or gained text in place.
      const out = r.output.replace(/^\uFEFF/, '');
      for (const line of text.replace(/^\uFEFF/, '').split('\n').filter((l) => l.trim())) {
        const body = line.replace(/\r$/, '');
        expect(out.includes(line) || out.split('\n').some((o) => o.startsWith(body.slice(0, 4)) && o.length > body.length), `${name}: ${JSON.stringify(line)}`).toBe(true);
      }
      expect(r.output.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
      expect(r.output.endsWith('\n')).toBe(text.endsWith('\n'));
      if (text.includes('\r\n')) expect(r.output.replace(/\r\n/g, '')).not.toContain('\n');
      if (text.includes('# escape=`')) expect(r.output).not.toMatch(/\\\r?\n/);
      const again = convert(r.output, { project });
      expect(again.output).toBe(r.output);
    });
  }

  it('the converted cases are really converted (the check is exercised, not bypassed)', () => {
    const converted = Object.entries(cases).filter(([, t]) => convert(t, { project }).status === 'converted');
    expect(converted.map(([n]) => n)).toEqual(Object.keys(cases));
  });
});

describe('preservationProblems can fail', () => {
  const input = parse(cases.lf);
  // Without cache mounts, so `RUN npm install` stays a line of its own to tamper with.
  const ok = convert(cases.lf, { project, cacheMounts: false }).output;

  it('accepts the real output', () => expect(preservationProblems(input, ok)).toEqual([]));

  it('a user line changed in place (whitespace counts)', () => {
    expect(preservationProblems(input, ok.replace('RUN npm install\n', 'RUN  npm install\n'))).toEqual([expect.stringContaining('was changed or lost: "RUN npm install"')]);
  });

  it('a comment lost, or text inserted into a comment', () => {
    expect(preservationProblems(input, ok.replace('# build the app\n', ''))).not.toEqual([]);
    expect(preservationProblems(input, ok.replace('# build the app', '# build the app!'))).not.toEqual([]);
  });

  it('a line continuation created by an insertion', () => {
    expect(preservationProblems(input, ok.replace('RUN npm install\n', 'RUN npm install \\\n'))).toEqual([expect.stringContaining('was changed or lost')]);
    expect(preservationProblems(input, ok.replace('RUN npm install\n', 'RUN npm install --x\n'))).toEqual([]);
  });

  it('BOM, final newline and line endings', () => {
    expect(preservationProblems(parse(cases.bom), ok)).toContain('the byte-order mark was lost');
    expect(preservationProblems(input, ok.replace(/\n$/, ''))).toContain('the final newline was lost');
    const crlf = parse(cases.crlf);
    const out = convert(cases.crlf, { project }).output;
    expect(preservationProblems(crlf, out)).toEqual([]);
    expect(preservationProblems(crlf, out.replace('WORKDIR /app\r\n', 'WORKDIR /app\n'))).not.toEqual([]);
    expect(preservationProblems(crlf, out.replace('USER node\r\n', 'USER node\n'))).toEqual([expect.stringContaining("line ending")]);
  });

  it('mixed line endings: a line touched in place and also repeated keeps its own EOL (fuzz seed 12345)', () => {
    // `RUN npm i yarn -g` (LF in a CRLF file) gets a cache mount in the builder and is replayed untouched in the
    // runtime: the untouched copy pairs with the input line, the touched one must still count as the user's.
    const mixed = 'FROM node:20\r\nWORKDIR /opt/src\r\nCOPY package.json /opt/src/\nRUN npm i yarn -g\nRUN yarn install\r\nCOPY . /opt/src\r\nEXPOSE 3000\r\nCMD [ "npm", "start" ]\n';
    const r = convert(mixed, { project });
    expect(r.status).toBe('converted');
    expect(r.output).toContain('npm i yarn -g\nRUN --mount');
    expect(r.output).toContain('RUN npm i yarn -g\nEXPOSE');
    // A line the tool wrote itself still needs the file's EOL.
    expect(preservationProblems(parse(mixed), r.output.replace('USER node\r\n', 'USER node\n'))).toEqual([expect.stringContaining('line ending')]);
  });

  it('a multi-line instruction torn apart', () => {
    expect(preservationProblems(input, ok.replace('  && echo done\n', '') + '  && echo done\n')).toEqual([expect.stringContaining('no longer together')]);
  });

  it('a blank line inside a heredoc is content, one between instructions is layout', () => {
    const h = parse(cases.heredoc);
    const out = convert(cases.heredoc, { project }).output;
    expect(preservationProblems(h, out.replace('npm run build\n\n', 'npm run build\n'))).not.toEqual([]);
    const spaced = parse(cases['syntax directive and blank lines']);
    const outSpaced = convert(cases['syntax directive and blank lines'], { project }).output;
    expect(preservationProblems(spaced, outSpaced.replace('WORKDIR /app\n\n', 'WORKDIR /app\n'))).toEqual([]);
  });

  it('a new line written with the wrong escape character', () => {
    const bt = parse(cases['backtick escape']);
    const out = convert(cases['backtick escape'], { project }).output;
    expect(preservationProblems(bt, out)).toEqual([]);
    expect(preservationProblems(bt, out.replace('USER node\n', 'USER node \\\n'))).toEqual([expect.stringContaining('escape character is `')]);
    expect(preservationProblems(input, ok.replace('USER node\n', 'USER node `\n'))).toEqual([expect.stringContaining('continues with `')]);
  });
});

describe('several word insertions on one line (a FROM with --platform and AS, a RUN with --mount and GOOS=…)', () => {
  const input = parse('FROM golang:1.22\nRUN CGO_ENABLED=0 go build -o /app .\n');
  const table: [string, string, boolean][] = [
    ['flag and name on a FROM', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\n', true],
    ['a mount flag and an env prefix', 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n', true],
    ['words appended at the end too', 'FROM golang:1.22\nRUN --mount=x CGO_ENABLED=0 go build -o /app . -a $TARGETARCH\n', true],
    ['a word of the user changed', 'FROM golang:1.22\nRUN --mount=x CGO_ENABLED=1 go build -o /app .\n', false],
    ['a word of the user lost', 'FROM golang:1.22\nRUN --mount=x go build -o /app .\n', false],
    ['blanks of the user changed', 'FROM golang:1.22\nRUN --mount=x CGO_ENABLED=0  go build -o /app .\n', false],
    ['a word before the keyword', 'FROM golang:1.22\nX RUN CGO_ENABLED=0 go build -o /app .\n', false],
    ['a word glued to a user word', 'FROM golang:1.22\nRUN CGO_ENABLED=0x go build -o /app .\n', false],
  ];
  for (const [name, output, ok] of table) it(name, () => expect(preservationProblems(input, output).length === 0).toBe(ok));
});
