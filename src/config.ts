// The per-repository config file, found from a Dockerfile's folder upwards: `.msd-convert.json`,
// `msd-convert.config.json`, or an "msd-convert" key in package.json (the first folder that has one wins; in a
// folder, in that order). A hand-written search: three names, no loaders, nothing to import at start-up.
// Values are checked by the same table as the flags (settings.ts); messages name the file and the key.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { checkSettings, SCHEMA_KEY, type Settings } from './settings.ts';

export const CONFIG_FILES = ['.msd-convert.json', 'msd-convert.config.json'] as const;
export const PACKAGE_KEY = 'msd-convert';

export interface Config {
  /** The file the settings came from (null: none found). */
  readonly path: string | null;
  readonly settings: Settings;
}

export class ConfigError extends Error {}

const NONE: Config = { path: null, settings: {} };
const cache = new Map<string, Config>();

/** The file's text, or undefined when there is no such file. Most folders have none of the three names: a stat
 * that does not throw is far cheaper than a failed read, which a batch of 10,000 folders would pay 30,000 times. */
function readText(path: string): string | undefined {
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
}

function fromObject(path: string, value: unknown, prefix: string): Config {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${path}: ${prefix || 'the file'} must be a JSON object`);
  // `$schema` points editors at the shipped JSON Schema; it is not a setting.
  const { [SCHEMA_KEY]: _schema, ...raw } = value as Record<string, unknown>;
  const { settings, errors } = checkSettings(raw, (key) => `${path}: "${prefix ? `${prefix}.` : ''}${key}"`);
  if (errors.length) throw new ConfigError(errors.join('\n'));
  return { path, settings };
}

/** The config that applies to files in `dir`; throws ConfigError for a file that is not valid. Cached per folder. */
export function configFor(dir: string): Config {
  const start = resolve(dir);
  const seen: string[] = [];
  let found: Config = NONE;
  for (let d = start; ; d = dirname(d)) {
    const hit = cache.get(d);
    if (hit) {
      found = hit;
      break;
    }
    seen.push(d);
    const own = configIn(d);
    if (own) {
      found = own;
      break;
    }
    if (dirname(d) === d) break;
  }
  for (const d of seen) cache.set(d, found);
  return found;
}

function configIn(dir: string): Config | null {
  for (const name of CONFIG_FILES) {
    const path = join(dir, name);
    const text = readText(path);
    if (text !== undefined) return fromObject(path, parseJson(path, text), '');
  }
  const pkgPath = join(dir, 'package.json');
  const pkg = readText(pkgPath);
  if (pkg === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(pkg);
  } catch {
    return null; // a broken package.json is the project's business, not a config of ours
  }
  if (parsed && typeof parsed === 'object' && PACKAGE_KEY in parsed) return fromObject(pkgPath, (parsed as Record<string, unknown>)[PACKAGE_KEY], PACKAGE_KEY);
  return null;
}
