// The layers of DESIGN.md §2, checked on the import graph: the core is pure, `convert` stands on the core
// alone, the façade only re-exports, and transforms read nothing but the model, the facts (with analysis's
// split decision), the fixer and the contract types — knowledge lives in analysis and the ecosystems.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphOf, importsOf, modules, ROOT } from './imports.ts';

const CORE = ['src/model', 'src/analyze', 'src/pipeline', 'src/edits', 'transforms'];
const CORE_FILES = ['src/convert.ts', 'src/messages.ts', 'src/types.ts', 'src/options.ts', 'src/errors.ts'];

/** What a transform may import. */
const TRANSFORM_MAY = [/^src\/model\//, /^src\/edits\//, /^src\/messages\.ts$/, /^src\/types\.ts$/, /^src\/analyze\/contract\.ts$/, /^src\/analyze\/split\.ts$/, /^src\/analyze\/tests\.ts$/, /^src\/analyze\/debug-tools\.ts$/];

const read = (f: string): string => readFileSync(join(ROOT, f), 'utf8');

/** Every module reachable from `start` through relative imports. */
function reachable(start: string): Set<string> {
  const graph = graphOf(modules('src', 'transforms'));
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...(graph.get(f) ?? []));
  }
  return seen;
}

describe('layers', () => {
  it('the core uses no file system, process or console', () => {
    const bad: string[] = [];
    for (const f of [...modules(...CORE), ...CORE_FILES]) {
      const text = read(f);
      if (/from ['"]node:/.test(text) || /\b(process|console)\.\w/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) bad.push(f);
    }
    expect(bad).toEqual([]);
  });

  it('convert() reaches nothing of batch, config, fs, the CLI or the reports', () => {
    const shell = [...reachable('src/convert.ts')].filter((f) => /^src\/(batch|report)\/|^src\/(config|fs|cli|args|settings|jscodeshift)\.ts$/.test(f));
    expect(shell).toEqual([]);
  });

  it('src/index.ts only re-exports', () => {
    const statements = read('src/index.ts').replace(/\/\/.*$/gm, '').split(';').map((s) => s.trim()).filter(Boolean);
    expect(statements.filter((s) => !/^export (type )?\{[^}]*\} from '[^']+'$/s.test(s))).toEqual([]);
  });

  it('transforms import only the model, the facts, the fixer and the contract types', () => {
    const bad: string[] = [];
    for (const f of modules('transforms').filter((m) => m !== 'transforms/index.ts')) {
      for (const dep of importsOf(f)) if (!TRANSFORM_MAY.some((r) => r.test(dep))) bad.push(`${f} → ${dep}`);
    }
    expect(bad).toEqual([]);
  });

  it('ecosystem modules do not reach analysis, the pipeline or the transforms (the registry asks them)', () => {
    const bad: string[] = [];
    for (const f of modules('src/analyze/ecosystems')) {
      for (const dep of reachable(f)) if (/^src\/analyze\/index\.ts$|^src\/pipeline\/|^transforms\//.test(dep)) bad.push(`${f} → ${dep}`);
    }
    expect(bad).toEqual([]);
  });
});
