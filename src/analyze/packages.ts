// System packages: which ones only build (stay in the builder), which runtime library a -dev package needs,
// and what the runtime stage must install. Unknown packages are kept in the runtime: that is the safe side.
import type { Facts } from './index.ts';
import type { PackageInstall } from './roles.ts';

const BUILD_ONLY = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'cpp', 'make', 'cmake', 'autoconf', 'automake', 'libtool', 'pkg-config',
  'pkgconf', 'pkgconfig', 'git', 'musl-dev', 'linux-headers', 'libc-dev', 'libc6-dev', 'python3-dev', 'python-dev',
  'gcc-c++', 'clang', 'llvm', 'binutils', 'bison', 'flex', 'ninja-build', 'nasm', 'yasm', 'patch', 'golang', 'go',
  'cargo', 'rust', 'rustc', 'node-gyp', 'dpkg-dev', 'file',
]);

// Debian bookworm runtime libraries of common -dev packages (and Alpine's names).
const DEV_TO_RUNTIME: Readonly<Record<string, string | null>> = {
  'libpq-dev': 'libpq5',
  'default-libmysqlclient-dev': 'libmariadb3',
  'libmariadb-dev': 'libmariadb3',
  'libmariadb-dev-compat': 'libmariadb3',
  'libmysqlclient-dev': 'libmariadb3',
  'libjpeg-dev': 'libjpeg62-turbo',
  'libjpeg62-turbo-dev': 'libjpeg62-turbo',
  'libpng-dev': 'libpng16-16',
  'zlib1g-dev': 'zlib1g',
  'libffi-dev': 'libffi8',
  'libssl-dev': 'libssl3',
  'libxml2-dev': 'libxml2',
  'libxslt1-dev': 'libxslt1.1',
  'libxslt-dev': 'libxslt1.1',
  'libsqlite3-dev': 'libsqlite3-0',
  'libcurl4-openssl-dev': 'libcurl4',
  'libyaml-dev': 'libyaml-0-2',
  'libgeos-dev': 'libgeos-c1v5',
  'libmagic-dev': 'libmagic1',
  'libwebp-dev': 'libwebp7',
  'libfreetype6-dev': 'libfreetype6',
  'liblcms2-dev': 'liblcms2-2',
  'libtiff-dev': 'libtiff6',
  'libtiff5-dev': 'libtiff6',
  'libopenjp2-7-dev': 'libopenjp2-7',
  'libzstd-dev': 'libzstd1',
  'libbz2-dev': 'libbz2-1.0',
  'liblzma-dev': 'liblzma5',
  'libreadline-dev': 'libreadline8',
  'libncurses5-dev': null,
  'libncursesw5-dev': null,
  'libsasl2-dev': 'libsasl2-2',
  'libldap2-dev': 'libldap-2.5-0',
  'libcairo2-dev': 'libcairo2',
  'libpango1.0-dev': 'libpango-1.0-0',
  'libgif-dev': 'libgif7',
  'librsvg2-dev': 'librsvg2-2',
  'libvips-dev': 'libvips42',
  'libgmp-dev': 'libgmp10',
  'libevent-dev': 'libevent-2.1-7',
  'uuid-dev': 'libuuid1',
  // alpine
  'postgresql-dev': 'libpq',
  'libpq-dev@apk': 'libpq',
  'mariadb-dev': 'mariadb-connector-c',
  'mariadb-connector-c-dev': 'mariadb-connector-c',
  'jpeg-dev': 'libjpeg-turbo',
  'libjpeg-turbo-dev': 'libjpeg-turbo',
  'openssl-dev': 'libssl3',
  'libxslt-dev@apk': 'libxslt',
  'libxml2-dev@apk': 'libxml2',
  'libffi-dev@apk': 'libffi',
  'zlib-dev': 'zlib',
};

export const isBuildOnly = (pkg: string): boolean => BUILD_ONLY.has(pkg) || /^(gcc|g\+\+|clang|llvm)-\d+$/.test(pkg);
export const isDevPackage = (pkg: string): boolean => /-(dev|devel)$/.test(pkg);

export interface RuntimePackages {
  readonly manager: 'apt' | 'apk' | 'yum' | null;
  readonly packages: readonly string[];
  /** A -dev package without a known runtime library (the split is then unsafe). */
  readonly unknownDev: readonly string[];
}

/** The packages the runtime stage needs, from the builder's installs. */
export function runtimePackages(installs: readonly PackageInstall[]): RuntimePackages {
  const out: string[] = [];
  const unknownDev: string[] = [];
  let manager: RuntimePackages['manager'] = null;
  for (const inst of installs) {
    manager ??= inst.manager;
    for (const p of inst.packages) {
      if (p.includes('$')) {
        unknownDev.push(p);
        continue;
      }
      if (isBuildOnly(p)) continue;
      if (isDevPackage(p)) {
        const key = inst.manager === 'apk' && `${p}@apk` in DEV_TO_RUNTIME ? `${p}@apk` : p;
        if (key in DEV_TO_RUNTIME) {
          const lib = DEV_TO_RUNTIME[key];
          if (lib) out.push(lib);
        } else unknownDev.push(p);
        continue;
      }
      out.push(p);
    }
  }
  return { manager, packages: [...new Set(out)], unknownDev };
}

/** Tools a HEALTHCHECK or CMD calls that slim images lack. */
export function toolsNeeded(facts: Facts): string[] {
  const tools: string[] = [];
  for (const ins of facts.stage.instructions) {
    if (ins.keyword !== 'HEALTHCHECK' && ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
    const text = ins.json ? ins.json.join(' ') : ins.args;
    for (const t of ['curl', 'wget']) if (new RegExp(`(^|[\\s;&|"'/])${t}\\s`).test(text)) tools.push(t);
  }
  return [...new Set(tools)];
}

/** The RUN line that installs `packages` with the family's tool, cleanup included. */
export function installLine(manager: 'apt' | 'apk' | 'yum', packages: readonly string[]): string {
  const list = packages.join(' ');
  switch (manager) {
    case 'apt':
      return `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`;
    case 'apk':
      return `RUN apk add --no-cache ${list}`;
    case 'yum':
      return `RUN yum install -y ${list} && yum clean all`;
  }
}
