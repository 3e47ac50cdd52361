// Stage names of a split (issue 15, pattern 12): a full-stack image gets one builder stage per part
// (`frontend-build`, `backend-build`), a single-ecosystem image keeps `builder`; every stage a later stage names
// (`COPY --from=`, `FROM <stage>` of the test and debug stages) exists, whatever transforms ran after the split.
import { describe, expect, it } from 'vitest';
import { convert, projectFromFiles } from '../../src/index.ts';
import { parse } from '../../src/model/parse.ts';

const FRONT = {
  'frontend/package.json': JSON.stringify({ name: 'web', scripts: { build: 'vite build', test: 'vitest run' }, devDependencies: { vite: '^5', vitest: '^1' } }),
  'frontend/package-lock.json': '{}',
  'frontend/index.html': '',
};
const PY = { ...FRONT, 'requirements.txt': 'flask\n', 'app.py': '' };
const GO = { ...FRONT, 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': 'package main\nfunc main(){}\n' };

const PY_FULL = [
  'FROM python:3.11',
  'RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install --no-cache-dir -r requirements.txt',
  'COPY . .',
  'RUN cd frontend && npm ci && npm run build',
  'RUN pytest',
  'CMD ["python", "app.py"]',
  '',
].join('\n');
const GO_FULL = [
  'FROM golang:1.22',
  'RUN apt-get update && apt-get install -y nodejs npm',
  'WORKDIR /src',
  'COPY . .',
  'RUN cd frontend && npm ci && npm run build',
  'RUN go test ./... && CGO_ENABLED=0 go build -o /out/app .',
  'CMD ["/out/app"]',
  '',
].join('\n');
const PY_ONLY = 'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nRUN pytest\nCMD ["python", "app.py"]\n';

/** Stage names in order, and what `COPY --from=` and `FROM` of a stage refer to. */
function stages(text: string): { names: string[]; refs: string[] } {
  const m = parse(text);
  const names = m.stages.map((s) => s.name ?? String(s.index));
  const refs = [
    ...m.stages.map((s) => s.image).filter((img) => names.includes(img)),
    ...m.stages.flatMap((s) => s.instructions.flatMap((i) => i.flags.filter((f) => f.name.toLowerCase() === 'from' && f.value).map((f) => f.value!))),
  ];
  return { names, refs };
}

describe('stage names', () => {
  it.each<[string, string, Record<string, string>, string[]]>([
    ['Python back end, Node front end', PY_FULL, PY, ['frontend-build', 'backend-build', 'runtime']],
    ['Go back end, Node front end', GO_FULL, GO, ['frontend-build', 'backend-build', 'runtime']],
    ['Python alone keeps `builder`', PY_ONLY, { 'requirements.txt': 'flask\n', 'app.py': '' }, ['builder', 'runtime']],
  ])('%s', (_name, original, files, expected) => {
    const r = convert(original, { project: projectFromFiles(files) });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    expect(stages(r.output).names).toEqual(expected);
  });

  it.each<[string, string, Record<string, string>, string]>([
    ['Python', PY_FULL, PY, 'backend-build'],
    ['Go', GO_FULL, GO, 'backend-build'],
    ['Python alone', PY_ONLY, { 'requirements.txt': 'flask\n', 'app.py': '' }, 'builder'],
  ])('the test and debug stages follow the builder name (%s)', (_name, original, files, builder) => {
    const r = convert(original, { project: projectFromFiles(files), testStage: true, debugStage: true });
    expect(r.status, JSON.stringify(r.reason)).toBe('converted');
    const { names, refs } = stages(r.output);
    expect(names).toContain(builder);
    expect(r.output).toContain(`FROM ${builder} AS test`);
    // (An image named by `COPY --from=` is no stage: it has a registry path or a tag.)
    for (const ref of refs.filter((x) => !/[:/]/.test(x))) expect(names, `${ref} is a stage of the output`).toContain(ref);
    expect(refs).toContain(builder);
    // The name not used is nowhere in the output.
    expect(names).not.toContain(builder === 'builder' ? 'backend-build' : 'builder');
  });
});
