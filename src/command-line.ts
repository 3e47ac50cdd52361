// Command-line words → checked option values, with meow: the flags are the table's (options.ts), camelCase
// names written in kebab-case, `--no-` for booleans, repeatable strings, one-letter short flags; meow prints
// --help (with the package description) and --version. Unknown flags are ours to report, so that the message
// names the word as it was typed and the exit code is the usage code.
import meow from 'meow';
import { checkFlags, FLAG_KEYS, kebab, OPTIONS, type Flag, type FlagValues } from './option-table.ts';
import { helpText } from './help.ts';
import { packageInfo, type PackageInfo } from './package-info.ts';

/** A word the flags do not allow: the message is for the user (exit code 2). */
export class UsageError extends Error {}

export interface CommandLine {
  readonly input: string[];
  /** The values of the flags that were given, checked. */
  readonly values: FlagValues;
  readonly help: boolean;
  readonly version: boolean;
  /** The package's metadata (for --version, and the SARIF tool description). */
  readonly pkg: PackageInfo;
  showHelp(): never;
  showVersion(): never;
}

const meowFlags = (): Record<string, { type: 'boolean' | 'string'; shortFlag?: string; isMultiple?: boolean }> => ({
  ...Object.fromEntries(
    FLAG_KEYS.map((key) => {
      const f: Flag = OPTIONS[key].flag;
      return [key, { type: f.type, ...(f.shortFlag ? { shortFlag: f.shortFlag } : {}), ...(f.isMultiple ? { isMultiple: true } : {}) }];
    }),
  ),
  help: { type: 'boolean' },
  version: { type: 'boolean' },
});

const KNOWN = new Set<string>(['help', 'version', ...FLAG_KEYS, ...FLAG_KEYS.flatMap((k) => (OPTIONS[k].flag as Flag).shortFlag ?? [])]);

/** The command-line word behind a key meow did not expect: `--bogus`, `--no-bogus`, `-x`. */
function spelling(key: string, argv: readonly string[]): string {
  const end = argv.indexOf('--');
  const words = (end === -1 ? argv : argv.slice(0, end)).filter((w) => w.startsWith('-'));
  const name = kebab(key);
  const typed = words.find((w) => {
    const bare = w.replace(/^--?/, '').split('=')[0]!;
    return bare === name || bare === key || bare === `no-${name}`;
  });
  return (typed ?? (key.length === 1 ? `-${key}` : `--${name}`)).split('=')[0]!;
}

/** Parses and checks `argv` (the words after the command); throws UsageError for a word or value the flags do not allow. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const pkg = packageInfo();
  let cli;
  try {
    cli = meow(helpText(), {
      importMeta: import.meta,
      // Given, so meow does not look for package.json (and never loads its normalizer).
      pkg: pkg as Record<string, unknown>,
      argv: [...argv],
      flags: meowFlags(),
      // Unknown flags come back as keys; they are reported below in our words.
      allowUnknownFlags: true,
      // --help and --version anywhere on the line, not only alone: handled below.
      autoHelp: false,
      autoVersion: false,
      // A boolean that was not given stays undefined, so config files can fill it.
      booleanDefault: undefined,
    });
  } catch (e) {
    throw new UsageError((e as Error).message); // e.g. "The flag --report can only be set once."
  }
  const raw = cli.unnormalizedFlags as Record<string, unknown>;
  const unknown = Object.keys(raw).find((k) => !KNOWN.has(k) && !/^\d+$/.test(k));
  if (unknown !== undefined) throw new UsageError(`unknown flag ${spelling(unknown, argv)}`);
  const help = cli.flags.help === true;
  const version = cli.flags.version === true;
  // --help and --version answer whatever else is on the line, as they always did.
  const { values, errors } = help || version ? { values: {}, errors: [] } : checkFlags((key) => cli.flags[key]);
  if (errors.length) throw new UsageError(errors[0]!);
  return {
    input: cli.input,
    values,
    help,
    version,
    pkg,
    showHelp: () => cli.showHelp(0) as never,
    showVersion: () => cli.showVersion() as never,
  };
}
