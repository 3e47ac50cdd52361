// The command the package ships (package.json "bin"): the bundled CLI that `npm run build` writes.
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'msd-convert.js');
