// The package's own metadata, for --help, --version and the SARIF tool description. The bundle has it inlined
// (scripts/bundle.mjs defines MSD_CONVERT_PACKAGE), so a run reads no package.json; the unbundled build and the
// tests read it from src/ or dist/src/.
import { readFileSync } from 'node:fs';

export interface PackageInfo {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly homepage?: string;
}

declare const MSD_CONVERT_PACKAGE: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (typeof MSD_CONVERT_PACKAGE !== 'undefined') return MSD_CONVERT_PACKAGE;
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as PackageInfo;
      if (pkg.name === 'msd-convert') return pkg;
    } catch {
      // not at this level
    }
  }
  return {};
}
