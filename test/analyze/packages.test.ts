// The runtime library of each -dev package, per distro release: known data, and the safe side when it is not
// known (the -dev package itself, which depends on its library, is kept whole and reported).
import { describe, expect, it } from 'vitest';
import { isToolchain, runtimePackages } from '../../src/analyze/packages.ts';
import type { PackageInstall } from '../../src/analyze/contract.ts';

const apt = (...packages: string[]): PackageInstall[] => [{ manager: 'apt', packages, line: 1 }];
const apk = (...packages: string[]): PackageInstall[] => [{ manager: 'apk', packages, line: 1 }];
const run = (installs: PackageInstall[], release?: string | null) => runtimePackages(installs, isToolchain, release);

describe('the runtime library of a -dev package, by release', () => {
  it.each([
    // release, -dev package, its library there
    ['bookworm', 'libssl-dev', ['libssl3']],
    ['bullseye', 'libssl-dev', ['libssl1.1']],
    ['buster', 'libssl-dev', ['libssl1.1']],
    ['trixie', 'libssl-dev', ['libssl3t64']],
    ['jammy', 'libssl-dev', ['libssl3']],
    ['noble', 'libssl-dev', ['libssl3t64']],
    ['focal', 'libssl-dev', ['libssl1.1']],
    ['buster', 'libffi-dev', ['libffi6']],
    ['focal', 'libffi-dev', ['libffi7']],
    ['bookworm', 'libffi-dev', ['libffi8']],
    ['buster', 'libreadline-dev', ['libreadline7']],
    ['focal', 'libjpeg-dev', ['libjpeg-turbo8']],
    ['buster', 'libjpeg-dev', ['libjpeg62-turbo']],
    ['focal', 'libzip-dev', ['libzip5']],
    ['jammy', 'default-libmysqlclient-dev', ['libmysqlclient21']],
    ['bookworm', 'default-libmysqlclient-dev', ['libmariadb3']],
    ['bookworm', 'libmcrypt-dev', ['libmcrypt4']],
    ['bookworm', 'libapr1-dev', ['libapr1']],
    ['bookworm', 'libgdbm-dev', ['libgdbm6']],
    ['bookworm', 'tk-dev', ['libtk8.6']],
    ['bookworm', 'libncurses5-dev', ['libncurses6', 'libncursesw6']],
    ['bookworm', 'freetds-dev', ['libct4', 'libsybdb5']],
    // a soname of bookworm's own: other releases from their own table, else kept whole
    ['bookworm', 'libvpx-dev', ['libvpx7']],
    ['bullseye', 'libvpx-dev', ['libvpx6']],
    ['trixie', 'libvpx-dev', ['libvpx-dev']],
    [undefined, 'libvpx-dev', ['libvpx-dev']],
    // checked up to bookworm/jammy only: the 64-bit time_t releases renamed many libraries
    ['jammy', 'libapr1-dev', ['libapr1']],
    ['noble', 'libapr1-dev', ['libapr1-dev']],
    ['trixie', 'libaio-dev', ['libaio-dev']],
    // a release without a table: every library kept as its -dev package, header-only ones still need nothing
    ['stretch', 'libssl-dev', ['libssl-dev']],
    [null, 'libssl-dev', ['libssl-dev']],
    ['stretch', 'libeigen3-dev', []],
    // no library known at all
    ['bookworm', 'libhwloc-dev', ['libhwloc-dev']],
  ] as const)('%s: %s', (release, dev, libs) => {
    const r = run(apt(dev), release);
    expect(r.packages).toEqual(libs);
    expect(r.devKept).toEqual(libs.filter((l) => l === dev));
    expect(r.unknownDev).toEqual([]);
  });

  it.each([
    ['alpine names', apk('libffi-dev', 'yaml-dev', 'postgresql-dev'), ['libffi', 'yaml', 'libpq'], []],
    ['an Alpine -dev package of no known library is kept whole', apk('olm-dev', 'libressl-dev'), ['olm-dev', 'libressl-dev'], ['olm-dev', 'libressl-dev']],
    ['interpreter headers are build-only', apt('python2-dev', 'python3.6-dev', 'libpython3.11-dev', 'php7.4-dev'), [], []],
  ])('%s', (_name, installs, packages, kept) => {
    const r = run(installs, 'bookworm');
    expect(r.packages).toEqual(packages);
    expect(r.devKept).toEqual(kept);
  });

  it('a list this tool cannot read stops the split', () => {
    expect(run(apt('gcc', '$DEPS'), 'bookworm').unknownDev).toEqual(['$DEPS']);
  });
});
