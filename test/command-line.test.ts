// The command line through meow and the option table: the spellings users rely on keep working, words the
// flags do not allow are usage errors in our words, and the table's scopes give the library's option types.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseCommandLine, UsageError } from '../src/command-line.ts';
import type { ConvertOptions, MigrateOptions } from '../src/index.ts';
import { FLAG_KEYS, flagWord, inScope, OPTIONS, type OptionsIn } from '../src/option-table.ts';
import { helpText } from '../src/help.ts';

const parse = (...argv: string[]) => parseCommandLine(argv);

describe('parseCommandLine', () => {
  it('maps kebab-case words to camelCase options, checked and typed', () => {
    const p = parse('-w', '--only', 'split-stages', '--only=add-cache-mounts', 'Dockerfile', '-', '--report', 'r.md', '--uid', '5000', '--concurrency', '2', '--shard', '2/3', '--runtime-base', 'distroless');
    expect(p.values).toEqual({ write: true, only: ['split-stages', 'add-cache-mounts'], report: 'r.md', uid: 5000, concurrency: 2, shard: { index: 2, count: 3 }, runtimeBase: 'distroless' });
    expect(p.input).toEqual(['Dockerfile', '-']);
    expect(p.help).toBe(false);
  });

  it('leaves flags that were not given out, so config files can fill them', () => {
    expect(parse('Dockerfile').values).toEqual({});
  });

  it('negates booleans with --no-, the last word winning', () => {
    expect(parse('--no-cache-mounts').values.cacheMounts).toBe(false);
    expect(parse('--no-cache-mounts', '--cache-mounts').values.cacheMounts).toBe(true);
    expect(parse('--no-config', '--no-gitignore').values).toEqual({ config: false, gitignore: false });
  });

  it('reports unknown flags as typed, and bad or missing values naming the flag', () => {
    expect(() => parse('--bogus')).toThrow(new UsageError('unknown flag --bogus'));
    expect(() => parse('--bogus=1', 'Dockerfile')).toThrow(new UsageError('unknown flag --bogus'));
    expect(() => parse('--no-bogus')).toThrow(new UsageError('unknown flag --no-bogus'));
    expect(() => parse('-x')).toThrow(new UsageError('unknown flag -x'));
    expect(() => parse('--report')).toThrow(/^--report must be a file ending in \.md, \.json or \.sarif, got ""$/);
    expect(() => parse('--uid', 'abc')).toThrow(new UsageError('--uid must be a positive whole number, got "abc"'));
    expect(() => parse('--format', 'xml')).toThrow(new UsageError('--format must be one of diff, json, github, sarif, got "xml"'));
    // A one-value flag given twice: meow refuses it (the old parser took the last one).
    expect(() => parse('--report', 'a.md', '--report', 'b.md')).toThrow(new UsageError('The flag --report can only be set once.'));
  });

  it('words after -- are paths, even when they look like flags', () => {
    expect(parse('--check', '--', '--odd-name')).toMatchObject({ input: ['--odd-name'], values: { check: true } });
  });

  it('sees --help and --version anywhere on the line', () => {
    expect(parse('Dockerfile', '--help').help).toBe(true);
    expect(parse('--version', '--uid', 'bad').version).toBe(true);
  });
});

describe('the option table', () => {
  it('--help lists every flag, with its argument', () => {
    const help = helpText();
    for (const key of FLAG_KEYS) expect(help, key).toContain(flagWord(key));
    expect(help).toContain('--runtime-base POLICY');
    expect(help).toContain('-w, --write');
  });

  it('its scopes pick the options each layer takes', () => {
    expect(inScope({ uid: 1, write: true, include: ['x'], check: true, nope: 1 }, 'convert')).toEqual({ uid: 1 });
    expect(inScope({ uid: 1, write: true, include: ['x'], check: true }, 'discover', 'batch')).toEqual({ write: true, include: ['x'] });
    expect(Object.values(OPTIONS).every((o) => o.scope !== 'cli' || 'flag' in o)).toBe(true);
  });

  it('its convert scope is exactly what convert() takes, and migrate() takes the table’s option types', () => {
    type Declared = keyof OptionsIn<'convert'>;
    type Taken = Exclude<keyof ConvertOptions, 'project' | 'profile'>;
    expectTypeOf<Declared>().toEqualTypeOf<Taken>();
    expectTypeOf<OptionsIn<'convert'>>().toMatchTypeOf<ConvertOptions>();
    expectTypeOf<MigrateOptions['concurrency']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<MigrateOptions['runtimeBase']>().toEqualTypeOf<ConvertOptions['runtimeBase']>();
  });
});
