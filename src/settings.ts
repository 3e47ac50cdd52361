// The settings a team can fix once per repository (config file) or per run (flags): one table of keys, one
// check per key. The CLI and the config loader both go through `checkSettings`, so a value is accepted or
// refused with the same words wherever it comes from; only the name in the message differs (`--uid` or
// `.msd-convert.json: "uid"`). Pure: no fs, no process.
import { selectTransforms } from './convert.ts';
import { TRANSFORMS } from '../transforms/index.ts';
import type { RuntimeBasePolicy, StaticServer } from './options.ts';

export interface Settings {
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly user?: string;
  readonly uid?: number;
  readonly forceNonroot?: boolean;
  readonly runtimeBase?: RuntimeBasePolicy;
  readonly staticServer?: StaticServer;
  readonly cacheMounts?: boolean;
  readonly syntax?: boolean;
  readonly dockerignore?: boolean;
  readonly explain?: boolean;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export type Key = keyof Settings;
type Check = (v: unknown) => { value: unknown } | { error: string };

export const RUNTIME_BASES: readonly RuntimeBasePolicy[] = ['slim', 'distroless', 'alpine', 'scratch'];
export const STATIC_SERVERS: readonly StaticServer[] = ['nginx'];

const shown = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** A list given as an array of strings, or as one comma-separated string (`--only a,b`). */
const list =
  (known?: ReadonlySet<string>): Check =>
  (v) => {
    const items = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(items) || items.some((s) => typeof s !== 'string')) return { error: `must be a list of strings, got ${shown(v)}` };
    const out = (items as string[]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
    const bad = known && out.find((id) => !known.has(id));
    if (bad) return { error: `names an unknown transform "${bad}" (known: ${[...known].join(', ')})` };
    return { value: out };
  };
const bool: Check = (v) => (typeof v === 'boolean' ? { value: v } : { error: `must be true or false, got ${shown(v)}` });
const oneOf =
  (choices: readonly string[]): Check =>
  (v) => (typeof v === 'string' && choices.includes(v) ? { value: v } : { error: `must be one of ${choices.join(', ')}, got ${shown(v)}` });
const userName: Check = (v) =>
  typeof v === 'string' && /^[a-z_][a-z0-9_-]{0,31}$/.test(v) ? { value: v } : { error: `must be a valid user name (lower case, digits, _ and -), got ${shown(v)}` };
const uid: Check = (v) => {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 2147483647 ? { value: n } : { error: `must be a positive whole number, got ${shown(v)}` };
};

const IDS = new Set(TRANSFORMS.map((t) => t.meta.id));

/** Every key, its command-line flag, its check and what it means (the README's Configuration table). */
export const SETTINGS: Readonly<Record<Key, { readonly flag: string; readonly check: Check; readonly about: string }>> = {
  only: { flag: '--only', check: list(IDS), about: 'run only these transforms' },
  skip: { flag: '--skip', check: list(IDS), about: 'leave out these transforms' },
  user: { flag: '--user', check: userName, about: 'user created in the runtime stage when the image has none (default app)' },
  uid: { flag: '--uid', check: uid, about: 'UID/GID of that user (default 10001)' },
  forceNonroot: { flag: '--force-nonroot', check: bool, about: 'add a non-root user even when the app binds a port below 1024' },
  runtimeBase: { flag: '--runtime-base', check: oneOf(RUNTIME_BASES), about: 'runtime image policy: slim (default), distroless, alpine, scratch' },
  staticServer: { flag: '--static-server', check: oneOf(STATIC_SERVERS), about: "serve a static front end with nginx-unprivileged (default: keep the original server)" },
  cacheMounts: { flag: '--no-cache-mounts', check: bool, about: 'BuildKit cache mounts for package-manager installs (default true)' },
  syntax: { flag: '--no-syntax', check: bool, about: '`# syntax=docker/dockerfile:1` when BuildKit features are used (default true)' },
  dockerignore: { flag: '--no-dockerignore', check: bool, about: '.dockerignore lines that keep local dependency folders from overriding a reordered install (default true)' },
  explain: { flag: '--explain', check: bool, about: 'comments in the output that say why each new or moved line is there (default false)' },
  include: { flag: '--include', check: list(), about: 'convert only Dockerfiles matching these globs (folders searched)' },
  exclude: { flag: '--exclude', check: list(), about: 'leave out Dockerfiles matching these globs' },
};

export const KEYS = Object.keys(SETTINGS) as Key[];

/**
 * Checks raw values (from JSON or from flags); `name(key)` says where a value came from in messages.
 * Unknown keys are refused too: a typo must not be silently ignored.
 */
export function checkSettings(raw: Readonly<Record<string, unknown>>, name: (key: string) => string): { settings: Settings; errors: string[] } {
  const settings: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = SETTINGS[key as Key];
    if (!spec) {
      errors.push(`${name(key)} is not a setting (known: ${KEYS.join(', ')})`);
      continue;
    }
    const r = spec.check(value);
    if ('error' in r) errors.push(`${name(key)} ${r.error}`);
    else settings[key] = r.value;
  }
  return { settings: settings as Settings, errors };
}

/** Later layers win key by key (defaults < config file < command line). */
export const mergeSettings = (...layers: readonly Settings[]): Settings => Object.assign({}, ...layers) as Settings;

/** The effective settings with every default spelled out (for --print-config). */
export function effectiveSettings(s: Settings): Record<string, unknown> {
  return {
    transforms: selectTransforms(s).map((t) => t.meta.id),
    user: s.user ?? null,
    uid: s.uid ?? 10001,
    forceNonroot: s.forceNonroot ?? false,
    runtimeBase: s.runtimeBase ?? 'slim',
    staticServer: s.staticServer ?? null,
    cacheMounts: s.cacheMounts ?? true,
    syntax: s.syntax ?? true,
    dockerignore: s.dockerignore ?? true,
    explain: s.explain ?? false,
    include: s.include ?? [],
    exclude: s.exclude ?? [],
  };
}
