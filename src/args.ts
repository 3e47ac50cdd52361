// Command-line words → flags, declared the way the CLI always declared them (camelCase names, kebab-case on
// the command line, `--no-` for booleans, repeatable strings, one-letter short flags). Built on node:util's
// parseArgs: meow and its dependencies took about a third of the start-up time of a one-file run.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export interface FlagSpec {
  readonly type: 'boolean' | 'string';
  readonly shortFlag?: string;
  readonly default?: boolean | string | readonly string[];
  readonly isMultiple?: boolean;
}

type Value<S> = S extends { isMultiple: true }
  ? string[]
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { default: string }
      ? string
      : string | undefined;

export type Flags<T extends Record<string, FlagSpec>> = { -readonly [K in keyof T]: Value<T[K]> };

export interface Parsed<T extends Record<string, FlagSpec>> {
  readonly input: string[];
  readonly flags: Flags<T>;
  readonly help: boolean;
  readonly version: boolean;
}

/** A word the flags do not allow: the message is for the user (exit code 2). */
export class UsageError extends Error {}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function parseFlags<T extends Record<string, FlagSpec>>(argv: readonly string[], spec: T): Parsed<T> {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  const byOption = new Map<string, { name: string; negated: boolean }>();
  for (const [name, s] of Object.entries(spec)) {
    const long = kebab(name);
    options[long] = { type: s.type, ...(s.shortFlag ? { short: s.shortFlag } : {}), ...(s.isMultiple ? { multiple: true } : {}) };
    byOption.set(long, { name, negated: false });
    if (s.type === 'boolean') {
      options[`no-${long}`] = { type: 'boolean' };
      byOption.set(`no-${long}`, { name, negated: true });
    }
  }
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true }));
  } catch (e) {
    const message = (e as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown flag ${unknown[1]}` : message);
  }
  const flags: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(spec)) {
    if (s.default !== undefined) flags[name] = Array.isArray(s.default) ? [...s.default] : s.default;
    else if (s.isMultiple) flags[name] = [];
  }
  const input: string[] = [];
  let help = false;
  let version = false;
  // In command-line order, so the last of `--x` and `--no-x` wins.
  for (const t of tokens) {
    if (t.kind === 'positional') input.push(t.value);
    if (t.kind !== 'option') continue;
    if (t.name === 'help') help = true;
    else if (t.name === 'version') version = true;
    const target = byOption.get(t.name);
    if (!target) continue;
    const s = spec[target.name]!;
    if (s.type === 'boolean') flags[target.name] = !target.negated;
    else if (s.isMultiple) (flags[target.name] as string[]).push(t.value ?? '');
    else flags[target.name] = t.value ?? '';
  }
  return { input, flags: flags as Flags<T>, help, version };
}

/** The text meow printed for --help: the package description, then the help. */
export function helpText(help: string): string {
  return `\n  ${packageJson().description ?? ''}\n${help.replace(/\s+$/, '')}\n\n`;
}

export const versionText = (): string => `${packageJson().version ?? ''}\n`;

/** The package's own package.json (read only for --help and --version): from src/ or from dist/src/. */
function packageJson(): { version?: string; description?: string } {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string; description?: string };
      if (pkg.name === 'msd-convert') return pkg;
    } catch {
      // not at this level
    }
  }
  return {};
}
