// Value checks for options, whatever their source: a command-line word (always a string), a JSON value from a
// config file, or a jscodeshift pass-through flag (JSON-parsed when it can be). Each check returns the typed
// value or an error phrased to follow the option's name ("--uid must be ...", `.msd-convert.json: "uid" must
// be ...`). Pure: no fs, no process.

export type Check<T> = (v: unknown) => { readonly value: T } | { readonly error: string };

export const shown = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v)));

/** A list given as an array of strings, or as one comma-separated string (`--only a,b`). */
export const list =
  (known?: readonly string[]): Check<string[]> =>
  (v) => {
    const items = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(items) || items.some((s) => typeof s !== 'string')) return { error: `must be a list of strings, got ${shown(v)}` };
    const out = (items as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const bad = known && out.find((id) => !known.includes(id));
    if (bad) return { error: `names an unknown transform "${bad}" (known: ${known.join(', ')})` };
    return { value: out };
  };

export const bool: Check<boolean> = (v) => (typeof v === 'boolean' ? { value: v } : { error: `must be true or false, got ${shown(v)}` });

export const oneOf =
  <T extends string>(choices: readonly T[]): Check<T> =>
  (v) => (typeof v === 'string' && (choices as readonly string[]).includes(v) ? { value: v as T } : { error: `must be one of ${choices.join(', ')}, got ${shown(v)}` });

/** POSIX-portable user names as useradd/adduser accept them everywhere. */
export const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

export const userName: Check<string> = (v) =>
  typeof v === 'string' && USER_NAME.test(v) ? { value: v } : { error: `must be a valid user name (lower case, digits, _ and -), got ${shown(v)}` };

export const MAX_UID = 2147483647;

export const uid: Check<number> = (v) => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_UID ? { value: n } : { error: `must be a positive whole number, got ${shown(v)}` };
};

/** A whole number in [min, max], given as a number or as digits. */
export const wholeNumber =
  (min: number, max: number): Check<number> =>
  (v) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? { value: n } : { error: `must be a whole number from ${min} to ${max}, got ${shown(v)}` };
  };

/** A non-empty string (a path, a file name). */
export const text: Check<string> = (v) => (typeof v === 'string' && v !== '' ? { value: v } : { error: `needs a value, got ${shown(v)}` });

/** A string the `parse` function accepts; `expected` says what it should look like. */
export const parsed =
  <T>(parse: (s: string) => T | undefined, expected: string): Check<T> =>
  (v) => {
    const value = typeof v === 'string' ? parse(v) : undefined;
    return value === undefined ? { error: `must be ${expected}, got ${shown(v)}` } : { value };
  };
