// The shared fixture harness (jscodeshift's defineTest, widened — see ESLint's RuleTester): for every
// fixtures/<id>/<case>.input.Dockerfile it runs that one transform (with <case>.context/ as the build context)
// and asserts the expected output (no .output file = must not change), that the output verifies, and that a
// second run changes nothing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_PROJECT } from '../../src/analyze/project.ts';
import { nodeProject } from '../../src/fs.ts';
import { convertText } from '../../src/pipeline/run.ts';
import { transformById } from '../../transforms/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');

export interface FixtureCase {
  readonly name: string;
  readonly input: string;
  readonly expected: string | null;
  readonly contextDir: string | null;
  readonly options: Record<string, unknown>;
  /** The context's .dockerignore the conversion proposes (`<case>.output.dockerignore`), or null for none. */
  readonly dockerignore: string | null;
}

export function fixtureCases(id: string): FixtureCase[] {
  const dir = join(FIXTURES, id);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.input.Dockerfile'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.input.Dockerfile'.length);
      const out = join(dir, `${name}.output.Dockerfile`);
      const ctx = join(dir, `${name}.context`);
      const opts = join(dir, `${name}.options.json`);
      const ignore = join(dir, `${name}.output.dockerignore`);
      return {
        name,
        input: readFileSync(join(dir, f), 'utf8'),
        expected: existsSync(out) ? readFileSync(out, 'utf8') : null,
        contextDir: existsSync(ctx) ? ctx : null,
        options: existsSync(opts) ? (JSON.parse(readFileSync(opts, 'utf8')) as Record<string, unknown>) : {},
        dockerignore: existsSync(ignore) ? readFileSync(ignore, 'utf8') : null,
      };
    });
}

export function runFixture(id: string, c: FixtureCase, text = c.input) {
  const transform = transformById(id);
  if (!transform) throw new Error(`no transform ${id}`);
  const project = c.contextDir ? nodeProject(c.contextDir) : NO_PROJECT;
  // The transform is named, so it also runs on inputs that are already multi-stage (as with --only).
  return convertText(text, [transform], { ...c.options, project, multiStage: true });
}

export function defineTransformFixtures(id: string): void {
  const cases = fixtureCases(id);
  describe(`${id} fixtures`, () => {
    it('has cases', () => expect(cases.length).toBeGreaterThan(0));
    for (const c of cases) {
      it(c.name, () => {
        const r = runFixture(id, c);
        expect(r.status, `${r.reason ? JSON.stringify(r.reason) : ''}`).not.toBe('error');
        if (c.expected === null) {
          expect(r.output).toBe(c.input);
          expect(r.status).not.toBe('converted');
        } else {
          expect(r.output).toBe(c.expected);
          expect(r.status).toBe('converted');
          expect(r.companions.find((k) => k.path === '.dockerignore')?.after ?? null).toBe(c.dockerignore);
          expect(r.changes.every((ch) => ch.transform === id && ch.message.id)).toBe(true);
          const again = runFixture(id, c, r.output);
          expect(again.output).toBe(r.output);
        }
      });
    }
  });
}
