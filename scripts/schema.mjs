// npm run schema: writes schema/msd-convert.schema.json, the JSON Schema of .msd-convert.json, from the option
// table (src/options.ts through configSchema() in src/settings.ts). test/config-schema.test.ts fails when the
// file and the table disagree, so run this after adding or changing a setting.
import { mkdirSync, writeFileSync } from 'node:fs';
import { configSchema } from '../dist/src/settings.js';

const dir = new URL('../schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('msd-convert.schema.json', dir), `${JSON.stringify(configSchema(), null, 2)}\n`);
