// The settings a team can fix once per repository (config file) or per run (flags): the options of the table
// (options.ts) that have a `setting`. The CLI and the config loader both go through the same checks, so a
// value is accepted or refused with the same words wherever it comes from; only the name in the message
// differs (`--uid` or `.msd-convert.json: "uid"`). Pure: no fs, no process.
import { selectTransforms } from './convert.ts';
import { flagWord, OPTIONS, SCHEMA_DEFINITIONS, SETTING_KEYS, settingOf, type Setting, type SettingKey, type Settings } from './option-table.ts';
import type { Check } from './checks.ts';

export type { Settings } from './option-table.ts';
export { RUNTIME_BASES, STATIC_SERVERS } from './option-table.ts';
export type Key = SettingKey;

export const KEYS: readonly Key[] = SETTING_KEYS;

/** Every key, its command-line flag, its check and what it means (the README's Configuration table). */
export const SETTINGS = Object.fromEntries(
  KEYS.map((key) => [key, { flag: flagWord(key), check: OPTIONS[key].check as Check<unknown>, about: settingOf(key).about }]),
) as Readonly<Record<Key, { readonly flag: string; readonly check: Check<unknown>; readonly about: string }>>;

/** A config file may name its JSON Schema; the key is for editors, not a setting. */
export const SCHEMA_KEY = '$schema';

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

/** The settings among checked option values (the command line's, say). */
export const pickSettings = (values: Readonly<Record<string, unknown>>): Settings =>
  Object.fromEntries(KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]])) as Settings;

/** Later layers win key by key (defaults < config file < command line). */
export const mergeSettings = (...layers: readonly Settings[]): Settings => Object.assign({}, ...layers) as Settings;

/** The effective settings with every default spelled out (for --print-config): the transforms that run, then each key. */
export function effectiveSettings(s: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = { transforms: selectTransforms(s).map((t) => t.meta.id) };
  for (const key of KEYS) if (key !== 'only' && key !== 'skip') out[key] = s[key] ?? settingOf(key).default;
  return out;
}

/** The JSON Schema of the config file (shipped as schema/msd-convert.schema.json; a test keeps the two equal). */
export function configSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = { [SCHEMA_KEY]: { type: 'string', description: 'The JSON Schema of this file (for editors).' } };
  for (const key of KEYS) {
    const s: Setting = settingOf(key);
    properties[key] = { description: `${s.about} (command line: ${flagWord(key)})`, ...s.schema, ...(s.default === null ? {} : { default: s.default }) };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'msd-convert configuration',
    description: 'Settings of msd-convert for the Dockerfiles in this folder and below (.msd-convert.json, msd-convert.config.json, or the "msd-convert" key of package.json).',
    type: 'object',
    properties,
    additionalProperties: false,
    definitions: SCHEMA_DEFINITIONS,
  };
}
