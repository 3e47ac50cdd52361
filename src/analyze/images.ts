// Image references and the runtime-base table: which smaller image of the same family (and libc) runs what a
// builder image built. One table, keyed by image family and tag shape, so every choice is in one place.

export interface ImageRef {
  readonly raw: string;
  readonly registry: string | null;
  /** Repository path without registry and without `library/` (`node`, `bitnami/node`). */
  readonly repo: string;
  readonly tag: string | null;
  readonly digest: string | null;
  /** The reference contains an unresolved `$VAR`/`${VAR}` outside the tag. */
  readonly dynamic: boolean;
  /** The reference as written, when global ARG defaults were filled in (`node:${NODE_VERSION}` for `node:18`). */
  readonly template?: string;
}

export function parseImage(raw: string): ImageRef {
  let rest = raw;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash !== -1) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon !== -1 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repo = rest.replace(/^library\//, '').toLowerCase();
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = null;
  return { raw, registry, repo, tag, digest, dynamic: /\$/.test(rest) };
}

export type Distro = 'debian' | 'alpine' | 'rhel' | 'distroless' | 'scratch' | 'unknown';

export interface RuntimeBase {
  readonly image: string;
  readonly distro: Distro;
  /** A user the image provides that runs unprivileged (null: create one). */
  readonly user: string | null;
  readonly shell: boolean;
  /** What a reviewer should check about this image (not pinned by digest as the builder is, an ARG it cannot follow). */
  readonly caveats?: readonly string[];
}

export const isWindowsImage = (ref: ImageRef): boolean =>
  /(^|\/)(windows|nanoserver|servercore|windowsservercore)/.test(ref.repo) ||
  /nanoserver|servercore|windowsservercore|ltsc20\d\d/.test(ref.tag ?? '');

const CODENAMES = ['bookworm', 'bullseye', 'buster', 'stretch', 'trixie', 'jammy', 'focal', 'noble'];

export function distroOf(ref: ImageRef): Distro {
  const tag = ref.tag ?? '';
  if (ref.repo === 'scratch') return 'scratch';
  if (/alpine/.test(tag) || ref.repo === 'alpine') return 'alpine';
  if (ref.repo.includes('distroless')) return 'distroless';
  if (/ubi|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux/.test(ref.repo + tag)) return 'rhel';
  if (['node', 'python', 'golang', 'debian', 'ubuntu', 'buildpack-deps', 'rust', 'ruby', 'php', 'eclipse-temurin', 'maven', 'gradle', 'ibm-semeru-runtimes', 'nginx', 'httpd'].includes(ref.repo)) {
    // maven:*-openjdk-17 and openjdk:17+ (not -slim) are Oracle Linux; amazoncorretto is Amazon Linux.
    if (ref.repo === 'maven' && /openjdk-(1[7-9]|[2-9]\d)(?!.*slim)/.test(tag)) return 'rhel';
    return 'debian';
  }
  if (ref.repo === 'openjdk') return /slim|buster|bullseye|bookworm/.test(tag) || /^(7|8|11)(\b|u)/.test(tag) ? 'debian' : 'rhel';
  if (ref.repo === 'amazoncorretto') return 'rhel';
  if (/^dotnet(\/core)?\/(sdk|aspnet|runtime|runtime-deps)$/.test(ref.repo)) return /cbl-mariner|azurelinux/.test(tag) ? 'unknown' : 'debian';
  return 'unknown';
}

/** True for the official image repository `name` (on Docker Hub, any mirror spelling). */
export const isOfficial = (ref: ImageRef, name: string): boolean => ref.repo === name && (ref.registry === null || ref.registry.endsWith('docker.io'));

/** `node:20` → `node:20-slim`; python puts -slim before the codename (`3.12-slim-bookworm`). */
function slimTag(tag: string | null, codenameFirst: boolean): string | null {
  if (tag === null || tag === 'latest') return 'slim';
  if (/(^|-)slim($|-)|alpine/.test(tag)) return tag;
  const m = new RegExp(`^(.*?)-?(${CODENAMES.join('|')})$`).exec(tag);
  if (m && !codenameFirst) return `${m[1] ? m[1] + '-' : ''}slim-${m[2]}`;
  if (/^[\w.${}-]+$/.test(tag)) return `${tag}-slim`;
  return null;
}

/** The image reference without its tag/digest, as written (registry and path kept). */
export function imageName(ref: ImageRef): string {
  return ref.raw.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
}

export function withTag(ref: ImageRef, tag: string): string {
  return `${imageName(ref)}:${tag}`;
}

/** Smaller image of the same family for an interpreted-language builder (node, python), or null. */
export function slimCounterpart(ref: ImageRef, family: 'node' | 'python' | 'ruby'): string | null {
  if (ref.dynamic || !isOfficial(ref, family)) return null;
  if (ref.digest && !ref.tag) return null; // never invent a tag for a digest-only reference
  const tag = slimTag(ref.tag, family === 'node');
  return tag === null ? null : withTag(ref, tag);
}

/** True when the builder image is the full one (a slim/alpine image is already small). */
export const isFullImage = (ref: ImageRef): boolean => !/(^|-)slim($|-)|alpine/.test(ref.tag ?? '');

const UBUNTU_VERSIONS: Readonly<Record<string, string>> = { '24.04': 'noble', '22.04': 'jammy', '20.04': 'focal', '18.04': 'bionic', '16.04': 'xenial' };
const DEBIAN_VERSIONS: Readonly<Record<string, string>> = { '13': 'trixie', '12': 'bookworm', '11': 'bullseye', '10': 'buster', '9': 'stretch' };
/** What `latest`/`stable` of the OS images point to: known data, reviewed when a new release comes out. */
const CURRENT: Readonly<Record<string, string>> = { ubuntu: 'noble', debian: 'trixie' };
export const CURRENT_RELEASE = CURRENT;
/** Ubuntu codenames and their version tags (`jammy` → `22.04`). */
export const UBUNTU_CODENAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(UBUNTU_VERSIONS).map(([v, c]) => [c, v]));

/**
 * The Debian release behind the official php image's tags that name none: the family's known data (reviewed
 * 2026-12). Supported versions follow the current default (trixie since August 2025); a version's last build
 * keeps the release it was on when it reached its end of life. Versions left out are not known (null).
 */
const PHP_RELEASES: readonly (readonly [RegExp, string])[] = [
  [/^8\.([1-9]|\d\d)\b/, 'trixie'],
  [/^8\.0\b/, 'bookworm'],
  [/^7\.4\b/, 'bullseye'],
  [/^7\.2\b/, 'buster'],
  [/^(5\.6|7\.0)\b/, 'stretch'],
];

/** The php image's release for a tag without a codename (`8.2-fpm`, `apache`, `latest`); null when not known. */
function phpRelease(tag: string): string | null {
  if (/(^|-)rc(\b|-)|\$/.test(tag)) return null;
  if (!/^\d/.test(tag)) return /^(latest|cli|fpm|apache|zts)$/.test(tag) ? 'trixie' : null;
  return PHP_RELEASES.find(([version]) => version.test(tag))?.[1] ?? null;
}

/**
 * The Debian or Ubuntu release an image runs on, as a codename: from the tag (`-bookworm`, `ubuntu:22.04`,
 * `debian:12`), or what the OS image's `latest` points to; undefined when the tag names none (a language
 * image's default variant, another family), null for an OS image whose tag names a release this tool does not know,
 * a family frozen on an older release, or an image of another publisher.
 */
export function releaseOf(ref: ImageRef): string | null | undefined {
  const tag = ref.tag ?? 'latest';
  const named = /(bookworm|bullseye|buster|stretch|jessie|trixie|jammy|focal|noble|bionic|xenial)/.exec(tag)?.[1];
  if (named) return named;
  // Families frozen on older releases (openjdk, java) and images of other publishers: the release is not known,
  // and guessing today's would name libraries their apt cannot find.
  if (ref.repo === 'openjdk' || ref.repo === 'java' || ref.repo.includes('/') || (ref.registry !== null && !ref.registry.endsWith('docker.io'))) return null;
  if (distroOf(ref) !== 'debian') return undefined;
  if (isOfficial(ref, 'php')) return phpRelease(tag);
  if (ref.repo === 'ubuntu') return UBUNTU_VERSIONS[/^\d+\.\d+/.exec(tag)?.[0] ?? ''] ?? (/^(latest|rolling)$/.test(tag) ? CURRENT.ubuntu : null);
  if (ref.repo === 'debian') return DEBIAN_VERSIONS[/^\d+/.exec(tag)?.[0] ?? ''] ?? (/^(latest|stable)(-slim)?$/.test(tag) ? CURRENT.debian : null);
  return undefined;
}

export function codenameOf(ref: ImageRef): string | null {
  const m = new RegExp(`(${CODENAMES.join('|')})`).exec(ref.tag ?? '');
  return m ? m[1] : null;
}

// Images whose own ENTRYPOINT, inherited when the file sets none, does not need root (language runtimes, OS
// bases). Service images (postgres, mysql, redis, ...) start through scripts that chown data and drop privileges.
const PLAIN_HUB = /^(node|python|pypy|golang|rust|ruby|php|openjdk|eclipse-temurin|amazoncorretto|ibm-semeru-runtimes|sapmachine|maven|gradle|debian|ubuntu|alpine|busybox|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|photon|buildpack-deps|erlang|elixir|haskell|swift|perl|r-base|julia|clojure|mono|dart|crystallang\/crystal|oven\/bun|denoland\/deno|nginxinc\/nginx-unprivileged|scratch)$/;
const PLAIN_REGISTRY = /^(mcr\.microsoft\.com\/dotnet\/|gcr\.io\/distroless\/|registry\.access\.redhat\.com\/ubi|public\.ecr\.aws\/amazonlinux\/)/;

/** The image's own entrypoint, inherited by a file that sets none, starts fine as a non-root user. */
export const hasPlainEntrypoint = (ref: ImageRef): boolean =>
  (ref.registry === null && PLAIN_HUB.test(ref.repo)) || PLAIN_REGISTRY.test(`${ref.registry ?? ''}/${ref.repo}`);

/** The unprivileged user of images that belong to no ecosystem (the ecosystems name their own images' users). */
export function serverImageUser(ref: ImageRef): string | null {
  if (ref.repo === 'nginxinc/nginx-unprivileged') return 'nginx';
  if (ref.repo.includes('distroless')) return 'nonroot';
  return null;
}

/** Servers that bind a privileged port of their own (EXPOSE in the base image, not in the file). */
export function imagePorts(ref: ImageRef): number[] {
  if (isOfficial(ref, 'php') && /apache/.test(ref.tag ?? '')) return [80];
  if (isOfficial(ref, 'httpd') || isOfficial(ref, 'nginx')) return [80];
  return [];
}
