// No import cycles in src/ and transforms/, value or type imports alike: a cycle makes the order modules
// initialise in depend on who imports first, and it is how layers start to know too much of each other.
import { describe, expect, it } from 'vitest';
import { cycles, graphOf, importsOf, modules } from './imports.ts';

describe('import graph', () => {
  it('reads every kind of relative import', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c/index.ts';",
      'import {\n  d,\n  e,\n} from "./de.ts";',
      "const f = await import('./f.ts');",
      "import 'node:fs';",
      "import x from 'dockerfile-ast';",
    ].join('\n');
    expect(importsOf('src/pipeline/x.ts', text)).toEqual(['src/b.ts', 'src/pipeline/a.ts', 'src/pipeline/c/index.ts', 'src/pipeline/de.ts', 'src/pipeline/f.ts']);
  });

  it('finds a cycle when there is one, including through a type import', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
      ['e.ts', ['e.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('has no cycle in src/ and transforms/', () => {
    const files = modules('src', 'transforms');
    expect(files.length).toBeGreaterThan(40);
    expect(cycles(graphOf(files))).toEqual([]);
  });
});
