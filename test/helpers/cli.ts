// The command the package ships (package.json "bin"): the bundled CLI that `npm run build` writes.
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'msd-convert.js');

/** The environment for a run whose output a test reads as text: CI may ask for colour (FORCE_COLOR), tests must not. */
export const PLAIN_ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
