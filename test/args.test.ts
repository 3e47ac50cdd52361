// The command-line parser that replaced meow: the spellings users rely on keep working.
import { describe, expect, it } from 'vitest';
import { parseFlags, UsageError } from '../src/args.ts';

const SPEC = {
  write: { type: 'boolean', shortFlag: 'w', default: false },
  cacheMounts: { type: 'boolean', default: true },
  only: { type: 'string', isMultiple: true, default: [] },
  report: { type: 'string' },
} as const;

describe('parseFlags', () => {
  it('maps kebab-case words to camelCase flags, with defaults', () => {
    const p = parseFlags(['-w', '--only', 'a', '--only=b', 'Dockerfile', '-', '--report', 'r.md'], SPEC);
    expect(p.flags).toEqual({ write: true, cacheMounts: true, only: ['a', 'b'], report: 'r.md' });
    expect(p.input).toEqual(['Dockerfile', '-']);
    expect(p.help).toBe(false);
  });

  it('negates booleans with --no-, the last word winning', () => {
    expect(parseFlags(['--no-cache-mounts'], SPEC).flags.cacheMounts).toBe(false);
    expect(parseFlags(['--no-cache-mounts', '--cache-mounts'], SPEC).flags.cacheMounts).toBe(true);
  });

  it('reports unknown flags and missing values as usage errors', () => {
    expect(() => parseFlags(['--bogus'], SPEC)).toThrow(new UsageError('unknown flag --bogus'));
    expect(() => parseFlags(['--report'], SPEC)).toThrow(UsageError);
  });

  it('sees --help and --version', () => {
    expect(parseFlags(['--help'], SPEC).help).toBe(true);
    expect(parseFlags(['--version'], SPEC).version).toBe(true);
  });
});
