// What base images contain, as data: one table, keyed by image family and tag shape. For each image it says
// the ENV the image sets (PATH, language homes, locale), the users it has, whether it has a shell and an OS
// userland, the programs it carries that matter to a start command (language runtimes, curl, wget), programs
// at fixed paths off the PATH, its own ENTRYPOINT, its libc and its distro release.
//
// The facts are those of the official images' Dockerfiles (docker-library, distroless, Microsoft). An image
// the table does not know answers null: whoever asks must then not decide what cannot be known.
import { isOfficial, isWindowsImage, type Distro, type ImageRef } from './images.ts';

export interface BaseImage {
  /** A short name of the row that matched (for messages and tests). */
  readonly family: string;
  /** ENV the image sets, PATH included as its full value. */
  readonly env: Readonly<Record<string, string>>;
  /** Users the image has besides root. */
  readonly users: readonly string[];
  /** There is a /bin/sh. */
  readonly shell: boolean;
  /** A full OS userland (coreutils and friends): programs this table does not list may be there. */
  readonly userland: boolean;
  /** Programs on the image's PATH that a start command or a HEALTHCHECK may name (bare names). */
  readonly tools: readonly string[];
  /** Programs at absolute paths (also off the PATH). */
  readonly files: readonly string[];
  /** The image's own ENTRYPOINT, inherited by a file that sets none; null when it has none. */
  readonly entrypoint: readonly string[] | null;
  readonly libc: 'glibc' | 'musl' | 'none';
  readonly distro: Distro;
  /** The distro release (`bookworm`, `3.19`, `22.04`), or null when the tag does not say. */
  readonly release: string | null;
}

export const STANDARD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// Users of the OS images (passwd of a fresh install).
const DEBIAN_USERS = ['daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list', 'irc', 'gnats', 'nobody', '_apt'];
const ALPINE_USERS = ['bin', 'daemon', 'adm', 'lp', 'sync', 'shutdown', 'halt', 'mail', 'news', 'uucp', 'operator', 'man', 'postmaster', 'cron', 'ftp', 'sshd', 'at', 'squid', 'xfs', 'games', 'cyrus', 'vpopmail', 'ntp', 'smmsp', 'guest', 'nobody'];
const RHEL_USERS = ['bin', 'daemon', 'adm', 'lp', 'sync', 'shutdown', 'halt', 'mail', 'operator', 'games', 'ftp', 'nobody'];
const DISTROLESS_USERS = ['nonroot', 'nobody'];

// buildpack-deps (the full language images stand on it): curl, wget, git, a compiler, headers.
const BUILDPACK_TOOLS = ['curl', 'wget', 'git', 'gcc', 'g++', 'make', 'openssl', 'ca-certificates', 'bash'];
// Alpine's busybox has a wget, no curl.
const ALPINE_TOOLS = ['wget', 'sh', 'ash'];
const DEBIAN_TOOLS = ['bash', 'sh'];

/** Every program some image of the table is known to carry: a bare name outside this set is not the table's to judge. */
export const KNOWN_PROGRAMS: ReadonlySet<string> = new Set([
  'node', 'npm', 'npx', 'yarn', 'corepack', 'python', 'python3', 'pip', 'pip3', 'go', 'gofmt', 'cargo', 'rustc', 'rustup',
  'java', 'javac', 'jar', 'jshell', 'mvn', 'gradle', 'ruby', 'gem', 'bundle', 'bundler', 'irb', 'php', 'composer', 'dotnet',
  'bun', 'bunx', 'curl', 'wget', 'git', 'gcc', 'g++', 'make', 'nginx', 'apache2-foreground', 'docker-php-entrypoint',
]);

type Shape = 'full' | 'slim' | 'alpine';
const shapeOf = (tag: string): Shape => (/alpine/.test(tag) ? 'alpine' : /(^|-)slim($|-)/.test(tag) ? 'slim' : 'full');
const CODENAME = /(bookworm|bullseye|buster|stretch|trixie|jammy|focal|noble)/;
const ALPINE_RELEASE = /alpine(3\.\d+)/;

/** The OS part of a language image: users, shell, tools and release follow the tag shape. */
function os(tag: string, defaultRelease: string | null): Pick<BaseImage, 'users' | 'shell' | 'userland' | 'libc' | 'distro' | 'release'> & { shape: Shape } {
  const shape = shapeOf(tag);
  if (shape === 'alpine') return { shape, users: ALPINE_USERS, shell: true, userland: true, libc: 'musl', distro: 'alpine', release: ALPINE_RELEASE.exec(tag)?.[1] ?? null };
  return { shape, users: DEBIAN_USERS, shell: true, userland: true, libc: 'glibc', distro: 'debian', release: CODENAME.exec(tag)?.[1] ?? defaultRelease };
}

const osTools = (shape: Shape, full: readonly string[] = BUILDPACK_TOOLS): readonly string[] =>
  shape === 'alpine' ? ALPINE_TOOLS : shape === 'slim' ? DEBIAN_TOOLS : [...DEBIAN_TOOLS, ...full];

const path = (...dirs: string[]): string => [...dirs, STANDARD_PATH].join(':');

interface Row {
  readonly family: string;
  /** Does this row describe the image? (registry, repository, tag) */
  readonly match: (ref: ImageRef) => boolean;
  readonly facts: (ref: ImageRef, tag: string) => Omit<BaseImage, 'family'>;
}

const hub = (name: string) => (ref: ImageRef): boolean => isOfficial(ref, name);
const mcr = (re: RegExp) => (ref: ImageRef): boolean => ref.registry === 'mcr.microsoft.com' && re.test(ref.repo);
const distroless = (re: RegExp) => (ref: ImageRef): boolean => ref.registry === 'gcr.io' && re.test(ref.repo);

/** The distroless images: no shell, no package manager, CA certificates and tzdata, users nonroot (65532) and nobody. */
function distrolessFacts(ref: ImageRef, tag: string, program: { tools?: string[]; files?: string[]; entrypoint?: string[] | null; libc?: 'glibc' | 'none' } = {}): Omit<BaseImage, 'family'> {
  const debug = /debug/.test(tag);
  return {
    env: { PATH: STANDARD_PATH, SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' },
    users: DISTROLESS_USERS,
    shell: debug,
    userland: false,
    tools: [...(program.tools ?? []), 'ca-certificates', 'tzdata', ...(debug ? ['sh'] : [])],
    files: [...(program.files ?? []), ...(debug ? ['/busybox/sh'] : [])],
    entrypoint: program.entrypoint ?? (debug ? ['/busybox/sh'] : null),
    libc: program.libc ?? 'glibc',
    distro: 'distroless',
    release: /debian(\d+)/.exec(ref.repo)?.[1] ?? null,
  };
}

const ROWS: readonly Row[] = [
  {
    family: 'node',
    match: hub('node'),
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return {
        ...o,
        env: { PATH: STANDARD_PATH, NODE_VERSION: '', YARN_VERSION: '' },
        users: [...o.users, 'node'],
        tools: ['node', 'npm', 'npx', 'yarn', 'corepack', ...osTools(o.shape)],
        files: ['/usr/local/bin/node', '/usr/local/bin/docker-entrypoint.sh'],
        entrypoint: ['docker-entrypoint.sh'],
      };
    },
  },
  {
    family: 'python',
    match: hub('python'),
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return {
        ...o,
        env: { PATH: path(), LANG: 'C.UTF-8', GPG_KEY: '', PYTHON_VERSION: '' },
        tools: ['python', 'python3', 'pip', 'pip3', ...osTools(o.shape)],
        files: ['/usr/local/bin/python', '/usr/local/bin/python3'],
        entrypoint: null,
      };
    },
  },
  {
    family: 'golang',
    match: hub('golang'),
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return {
        ...o,
        env: { PATH: path('/go/bin', '/usr/local/go/bin'), GOPATH: '/go', GOLANG_VERSION: '', GOTOOLCHAIN: 'local' },
        tools: ['go', 'gofmt', ...osTools(o.shape)],
        files: ['/usr/local/go/bin/go'],
        entrypoint: null,
      };
    },
  },
  {
    family: 'rust',
    match: hub('rust'),
    facts: (ref, tag) => {
      const minor = Number(/^1\.(\d+)/.exec(tag)?.[1] ?? NaN);
      const o = os(tag, minor < 89 ? 'bookworm' : 'trixie');
      return {
        ...o,
        env: { PATH: path('/usr/local/cargo/bin'), RUSTUP_HOME: '/usr/local/rustup', CARGO_HOME: '/usr/local/cargo', RUST_VERSION: '' },
        tools: ['cargo', 'rustc', 'rustup', ...osTools(o.shape)],
        files: ['/usr/local/cargo/bin/cargo'],
        entrypoint: null,
      };
    },
  },
  {
    // Temurin images are Ubuntu (jammy/noble) or Alpine; the JRE sets the same JAVA_HOME as the JDK.
    family: 'eclipse-temurin',
    match: (ref) => isOfficial(ref, 'eclipse-temurin') || isOfficial(ref, 'maven') || isOfficial(ref, 'gradle'),
    facts: (ref, tag) => {
      const o = os(tag, null);
      const jdk = ref.repo !== 'eclipse-temurin' || !/jre/.test(tag);
      const build = ref.repo === 'maven' ? ['mvn'] : ref.repo === 'gradle' ? ['gradle'] : [];
      const env: Record<string, string> = { JAVA_HOME: '/opt/java/openjdk', PATH: path('/opt/java/openjdk/bin'), LANG: 'en_US.UTF-8', LANGUAGE: 'en_US:en', LC_ALL: 'en_US.UTF-8', JAVA_VERSION: '' };
      if (ref.repo === 'maven') Object.assign(env, { MAVEN_HOME: '/usr/share/maven', MAVEN_CONFIG: '/root/.m2' });
      if (ref.repo === 'gradle') Object.assign(env, { GRADLE_HOME: '/opt/gradle' });
      return {
        ...o,
        env,
        users: o.shape === 'alpine' ? ALPINE_USERS : [...DEBIAN_USERS, ...(/noble/.test(tag) ? ['ubuntu'] : [])],
        tools: ['java', ...(jdk ? ['javac', 'jar', 'jshell'] : []), ...build, ...(o.shape === 'alpine' ? ALPINE_TOOLS : [...DEBIAN_TOOLS, 'curl', 'wget'])],
        files: ['/opt/java/openjdk/bin/java'],
        entrypoint: o.shape === 'alpine' ? null : ['/__cacert_entrypoint.sh'],
        release: CODENAME.exec(tag)?.[1] ?? ALPINE_RELEASE.exec(tag)?.[1] ?? null,
      };
    },
  },
  {
    family: 'ruby',
    match: hub('ruby'),
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return {
        ...o,
        env: { PATH: path('/usr/local/bundle/bin'), LANG: 'C.UTF-8', GEM_HOME: '/usr/local/bundle', BUNDLE_SILENCE_ROOT_WARNING: '1', BUNDLE_APP_CONFIG: '/usr/local/bundle', RUBY_VERSION: '' },
        tools: ['ruby', 'gem', 'bundle', 'bundler', 'irb', ...osTools(o.shape)],
        files: ['/usr/local/bin/ruby'],
        entrypoint: null,
      };
    },
  },
  {
    family: 'php',
    match: hub('php'),
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return {
        ...o,
        env: { PATH: STANDARD_PATH, PHP_INI_DIR: '/usr/local/etc/php', PHP_VERSION: '' },
        // The Alpine variants add www-data (82); Debian has it.
        users: o.shape === 'alpine' ? [...o.users, 'www-data'] : o.users,
        tools: ['php', 'docker-php-entrypoint', ...(/apache/.test(tag) ? ['apache2-foreground'] : []), ...osTools(o.shape, ['curl'])],
        files: ['/usr/local/bin/php', '/usr/local/bin/docker-php-entrypoint'],
        entrypoint: ['docker-php-entrypoint'],
      };
    },
  },
  {
    // .NET: the SDK carries curl, wget and git; the runtime images none of them. 8+ has the `app` user (1654).
    family: 'dotnet',
    match: mcr(/^dotnet(\/core)?\/(sdk|aspnet|runtime|runtime-deps)$/),
    facts: (ref, tag) => {
      const major = parseInt(tag, 10);
      const sdk = /\/sdk$/.test(ref.repo);
      const chiseled = /chiseled|distroless/.test(tag);
      const alpine = /alpine/.test(tag);
      const users = [...(alpine ? ALPINE_USERS : DEBIAN_USERS), ...(major >= 8 ? ['app'] : [])];
      const env: Record<string, string> = { PATH: STANDARD_PATH, DOTNET_RUNNING_IN_CONTAINER: 'true', ...(major >= 8 ? { APP_UID: '1654', ASPNETCORE_HTTP_PORTS: '8080' } : { ASPNETCORE_URLS: 'http://+:80' }) };
      return {
        env,
        users: chiseled ? ['app'] : users,
        shell: !chiseled,
        userland: !chiseled,
        tools: ['dotnet', ...(sdk ? BUILDPACK_TOOLS : chiseled ? [] : alpine ? ALPINE_TOOLS : DEBIAN_TOOLS)],
        files: ['/usr/share/dotnet/dotnet', '/usr/bin/dotnet'],
        entrypoint: null,
        libc: alpine ? 'musl' : 'glibc',
        distro: alpine ? 'alpine' : chiseled ? 'distroless' : 'debian',
        release: CODENAME.exec(tag)?.[1] ?? ALPINE_RELEASE.exec(tag)?.[1] ?? (chiseled ? null : major >= 8 ? 'bookworm' : null),
      };
    },
  },
  {
    family: 'bun',
    match: (ref) => ref.repo === 'oven/bun' && ref.registry === null,
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return { ...o, env: { PATH: STANDARD_PATH, BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' }, users: [...o.users, 'bun'], tools: ['bun', 'bunx', ...osTools(o.shape, [])], files: ['/usr/local/bin/bun'], entrypoint: ['/usr/local/bin/docker-entrypoint.sh'] };
    },
  },
  {
    family: 'nginx',
    match: (ref) => isOfficial(ref, 'nginx') || (ref.repo === 'nginxinc/nginx-unprivileged' && ref.registry === null),
    facts: (_ref, tag) => {
      const o = os(tag, 'bookworm');
      return { ...o, env: { PATH: STANDARD_PATH, NGINX_VERSION: '' }, users: [...o.users, 'nginx'], tools: ['nginx', ...(o.shape === 'alpine' ? ['curl', ...ALPINE_TOOLS] : ['curl', ...DEBIAN_TOOLS])], files: ['/usr/sbin/nginx', '/docker-entrypoint.sh'], entrypoint: ['/docker-entrypoint.sh'] };
    },
  },
  {
    family: 'buildpack-deps',
    match: hub('buildpack-deps'),
    facts: (_ref, tag) => ({ ...os(tag, 'bookworm'), env: { PATH: STANDARD_PATH }, tools: /scm/.test(tag) ? ['curl', 'wget', 'git', ...DEBIAN_TOOLS] : [...DEBIAN_TOOLS, ...BUILDPACK_TOOLS], files: [], entrypoint: null }),
  },
  {
    family: 'debian',
    match: (ref) => isOfficial(ref, 'debian') || isOfficial(ref, 'ubuntu'),
    facts: (ref, tag) => ({
      env: { PATH: STANDARD_PATH },
      users: [...DEBIAN_USERS, ...(ref.repo === 'ubuntu' && !/^(1\d|2[0-3])\.|jammy|focal|bionic/.test(tag) ? ['ubuntu'] : [])],
      shell: true,
      userland: true,
      tools: DEBIAN_TOOLS,
      files: [],
      entrypoint: null,
      libc: 'glibc',
      distro: 'debian',
      release: CODENAME.exec(tag)?.[1] ?? (/^(\d+(\.\d+)?)/.exec(tag)?.[1] ?? null),
    }),
  },
  {
    family: 'alpine',
    match: (ref) => isOfficial(ref, 'alpine') || isOfficial(ref, 'busybox'),
    facts: (_ref, tag) => ({ env: { PATH: STANDARD_PATH }, users: ALPINE_USERS, shell: true, userland: true, tools: ALPINE_TOOLS, files: [], entrypoint: null, libc: 'musl', distro: 'alpine', release: /^(3\.\d+)/.exec(tag)?.[1] ?? null }),
  },
  {
    family: 'rhel',
    match: (ref) => /^(ubi\d+|rhel\d+)\/ubi(-minimal|-micro|-init)?$/.test(ref.repo) || ['fedora', 'rockylinux', 'almalinux', 'oraclelinux', 'amazonlinux'].some((n) => isOfficial(ref, n)),
    facts: (ref, tag) => ({ env: { PATH: STANDARD_PATH }, users: RHEL_USERS, shell: true, userland: true, tools: /micro/.test(ref.repo) ? ['sh', 'bash'] : ['sh', 'bash', 'curl'], files: [], entrypoint: null, libc: 'glibc', distro: 'rhel', release: /^(\d+(\.\d+)?)/.exec(tag)?.[1] ?? null }),
  },
  { family: 'distroless-static', match: distroless(/^distroless\/static(-debian\d+)?$/), facts: (ref, tag) => distrolessFacts(ref, tag, { libc: 'none' }) },
  { family: 'distroless-base', match: distroless(/^distroless\/(base|base-nossl|cc)(-debian\d+)?$/), facts: (ref, tag) => distrolessFacts(ref, tag) },
  {
    family: 'distroless-nodejs',
    match: distroless(/^distroless\/nodejs\d+(-debian\d+)?$/),
    facts: (ref, tag) => distrolessFacts(ref, tag, { files: ['/nodejs/bin/node'], entrypoint: ['/nodejs/bin/node'] }),
  },
  {
    // The python3 image of Debian 12 is Python 3.11 at /usr/bin; a venv made elsewhere links another python.
    family: 'distroless-python',
    match: distroless(/^distroless\/python3(-debian\d+)?$/),
    facts: (ref, tag) => distrolessFacts(ref, tag, { tools: ['python3', 'python3.11'], files: ['/usr/bin/python3', '/usr/bin/python3.11'], entrypoint: ['/usr/bin/python3'] }),
  },
  {
    family: 'distroless-java',
    match: distroless(/^distroless\/java\d+(-debian\d+)?$/),
    facts: (ref, tag) => ({ ...distrolessFacts(ref, tag, { tools: ['java'], files: ['/usr/bin/java'], entrypoint: ['/usr/bin/java', '-jar'] }), env: { PATH: STANDARD_PATH, SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt', JAVA_VERSION: '', LANG: 'C.UTF-8' } }),
  },
  {
    family: 'scratch',
    match: (ref) => ref.repo === 'scratch' && ref.registry === null,
    facts: () => ({ env: {}, users: [], shell: false, userland: false, tools: [], files: [], entrypoint: null, libc: 'none', distro: 'scratch', release: null }),
  },
];

/**
 * What the table knows of an image, or null when it does not know the image (another registry's image, a
 * Windows image, an image named by a variable). The Docker default PATH applies when an image sets none.
 */
export function baseImage(ref: ImageRef): BaseImage | null {
  if (ref.dynamic || isWindowsImage(ref)) return null;
  // The rows read only the registry, repository and tag; their facts are plain data, so one answer per image
  // serves every caller (a conversion asks several times per stage). Keyed by strings: no conversion's objects
  // are kept, and the table is bounded.
  const key = `${ref.registry ?? ''} ${ref.repo} ${ref.tag ?? ''}`;
  const known = KNOWN.get(key);
  if (known !== undefined) return known;
  // A tag made of ARGs (`${NODE_VERSION}-slim`) still has its shape; what a version decides is then unknown.
  const tag = ref.tag ?? 'latest';
  let found: BaseImage | null = null;
  for (const row of ROWS) {
    if (row.match(ref)) {
      found = Object.freeze({ family: row.family, ...row.facts(ref, tag) });
      break;
    }
  }
  if (KNOWN.size >= 512) KNOWN.clear();
  KNOWN.set(key, found);
  return found;
}
const KNOWN = new Map<string, BaseImage | null>();

// Families whose shared tags (`python:3.12`, `golang:1.22`, `mcr.microsoft.com/dotnet/sdk:8.0`) also name
// Windows variants: which one a build gets depends on the host.
const SHARED_WITH_WINDOWS = new Set(['python', 'golang', 'eclipse-temurin', 'dotnet']);
const LINUX_TAG = /alpine|slim|bookworm|bullseye|buster|stretch|trixie|jammy|noble|focal|chiseled/;

/** Can the image be a Windows image? Unknown images can; Linux-only families and Linux-named tags cannot. */
export function mayBeWindows(ref: ImageRef): boolean {
  const b = baseImage(ref);
  if (!b) return true;
  return SHARED_WITH_WINDOWS.has(b.family) && !LINUX_TAG.test(ref.tag ?? '');
}

/** The PATH directories of an image (its ENV PATH, else Docker's default). */
export const pathOf = (image: BaseImage): string[] => (image.env.PATH ?? STANDARD_PATH).split(':').filter(Boolean);


/** A builder image's ENV that a runtime stage sets again, and why. */
export interface CarriedEnv {
  readonly name: string;
  readonly value: string;
  readonly why: string;
}

const LOCALE = new Set(['LANG', 'LANGUAGE', 'LC_ALL']);

/**
 * The ENV of the builder image that the runtime image lacks and the handed-over files or the start command
 * depend on: PATH folders that hold handed-over programs, homes handed over whole or named by the start
 * command (`$JAVA_HOME`), and the locale. `own`: names the stage sets itself (its own ENV lines are carried).
 * Empty when either image is unknown to the table.
 */
export function carriedEnv(builder: ImageRef, runtime: ImageRef, handover: readonly string[], start: string, own: ReadonlySet<string>): CarriedEnv[] {
  const from = baseImage(builder);
  const to = baseImage(runtime);
  if (!from || !to) return [];
  const out: CarriedEnv[] = [];
  const inside = (p: string, dir: string): boolean => p === dir || p.startsWith(dir.replace(/\/$/, '') + '/');
  if (!own.has('PATH')) {
    const runtimePath = new Set(pathOf(to));
    const missing = pathOf(from).filter((d) => !runtimePath.has(d) && handover.some((p) => inside(p, d) || inside(d, p)));
    // An image that sets no PATH (scratch) has no $PATH to extend: Docker's default is written out.
    const rest = to.env.PATH === undefined ? STANDARD_PATH : '$PATH';
    if (missing.length) out.push({ name: 'PATH', value: `${missing.join(':')}:${rest}`, why: `${missing.join(', ')} holds handed-over programs` });
  }
  for (const [name, value] of Object.entries(from.env)) {
    if (name === 'PATH' || !value || own.has(name) || to.env[name] === value) continue;
    const named = new RegExp(`\\$\\{?${name}\\b`).test(start);
    const home = value.startsWith('/') && handover.some((p) => inside(value, p));
    // Only the C locales are in every image; another (en_US.UTF-8) would need a locales package there.
    const locale = LOCALE.has(name) && to.env[name] === undefined && /^(C|POSIX|C\.UTF-?8)$/i.test(value);
    if (named || home || locale) {
      out.push({ name, value, why: named ? 'the start command reads it' : home ? `${value} is handed over` : 'the app ran with this locale, which every image has' });
    }
  }
  return out;
}
