// The runtime-base policy: for a builder image and what the runtime must run, the smaller image of the same
// family and libc. Every ecosystem's plan asks it (never picks an image by hand), so `--runtime-base` means the
// same everywhere: followed where the libc family and the start command allow it, otherwise the reason comes
// back as the choice's `note`. A digest is never made up for the runtime.
import type { RuntimeBasePolicy } from '../options.ts';
import { codenameOf, CURRENT_RELEASE, distroOf, imageName, isOfficial, releaseOf, slimCounterpart, UBUNTU_CODENAMES, withTag, type Distro, type ImageRef, type RuntimeBase } from './images.ts';

/** What the runtime stage runs. */
export type RuntimeKind =
  | 'node'
  | 'python'
  | 'ruby'
  /** a native binary linked against glibc (or musl on Alpine) */
  | 'native'
  /** a native binary that needs no libc (Go with CGO_ENABLED=0) */
  | 'static'
  | 'java'
  | 'dotnet-aspnet'
  | 'dotnet-runtime'
  /** files served by a web server (a static front end's build output, `--static-server nginx`) */
  | 'static-files'
  /** the builder image itself, without the build (it carries the server and compiled extensions: PHP) */
  | 'same-image';

export interface BaseNeeds {
  /** CMD/ENTRYPOINT/HEALTHCHECK need a shell (shell form, scripts). */
  readonly shell: boolean;
  /** Default Debian codename when the builder tag names none (the family's default of that version). */
  readonly codename?: string;
  /** The runtime installs system packages, so it needs a package manager (distroless and scratch have none). */
  readonly packages?: boolean;
  /** A native binary links the C++ runtime (Rust, C++); false for Go, whose cgo binaries need libc only. */
  readonly libstdcxx?: boolean;
  /** The policy the ecosystem follows when the user names none (default `slim`). */
  readonly fallback?: RuntimeBasePolicy;
  /**
   * The start command is the interpreter itself in exec form (`["node", "server.js"]`, `["java", "-jar", …]`),
   * so an image whose ENTRYPOINT is the interpreter (distroless) can run it once the interpreter is dropped.
   */
  readonly interpreter?: boolean;
}

export interface BaseChoice extends RuntimeBase {
  /** Why the policy was not followed (empty when it was, or when none was given). */
  readonly note: string;
}

export type BaseOutcome = BaseChoice | { readonly skip: string };

const LIBC: Readonly<Record<Distro, 'glibc' | 'musl' | 'none' | 'unknown'>> = {
  debian: 'glibc', rhel: 'glibc', distroless: 'glibc', alpine: 'musl', scratch: 'none', unknown: 'unknown',
};

const choice = (image: string, distro: Distro, user: string | null, shell: boolean, note = ''): BaseChoice => ({ image, distro, user, shell, note });

/** The registry (and port) prefix of the builder, kept on images of another repository (a mirror holds both). */
const registryOf = (ref: ImageRef): string => (ref.registry ? `${ref.registry}/` : '');

/** Java: the JRE of the same vendor and distro (`eclipse-temurin:17-jdk-jammy` → `eclipse-temurin:17-jre-jammy`). */
export function jreFor(ref: ImageRef): string | { skip: string } {
  const tag = ref.tag ?? '';
  const reg = registryOf(ref);
  const alpine = /alpine/.test(tag) ? '-alpine' : '';
  const codename = /(jammy|focal|noble|ubi9-minimal|ubi10-minimal)/.exec(tag)?.[1];
  const distroSuffix = alpine || (codename ? `-${codename}` : '');
  if (ref.repo === 'eclipse-temurin' || ref.repo === 'ibm-semeru-runtimes') {
    const m = /^(\d+(?:\.[\d._+]+)?)(?:-jdk)?(-.*)?$/.exec(tag);
    if (!m) return { skip: `no JRE tag known for \`${ref.raw}\`` };
    if (ref.repo === 'ibm-semeru-runtimes') return `${reg}ibm-semeru-runtimes:${tag.replace(/-jdk/, '-jre')}`;
    return `${imageName(ref)}:${m[1]}-jre${m[2] ?? ''}`;
  }
  // maven:3.9-eclipse-temurin-17(-alpine), gradle:8-jdk17(-jammy|-alpine), gradle:jdk21, maven:3.8-openjdk-17(-slim)
  let version: string | undefined;
  // The older tags name the JDK alone (maven:3.5-jdk-8-alpine, java:8): OpenJDK images, which had JREs of their own.
  if (ref.repo === 'maven') version = /(?:eclipse-temurin|openjdk|amazoncorretto|sapmachine|ibm-semeru)-(\d+)/.exec(tag)?.[1] ?? /(?:^|-)jdk-?(\d+)/.exec(tag)?.[1];
  else if (ref.repo === 'java') {
    const v = /^(?:openjdk-)?(\d+)(?:-|$)/.exec(tag || 'latest')?.[1];
    return v ? `${reg}java:${v}-jre${alpine}` : { skip: `no JRE image known for \`${ref.raw}\`` };
  }
  else if (ref.repo === 'gradle') version = /jdk-?(\d+)/.exec(tag)?.[1];
  // clojure:temurin-21-lein, clojure:openjdk-11-lein; the lein-2.8 era tags stood on OpenJDK 8.
  else if (ref.repo === 'clojure') version = /(?:openjdk|temurin)-(\d+)/.exec(tag)?.[1] ?? (/^lein-2\.[0-8](\.|$)/.test(tag) ? '8' : undefined);
  // sbtscala/scala-sbt:eclipse-temurin-21.0.6_7_1.10.11_2.13.16, eclipse-temurin-jammy-17.0.5_8_…
  else if (ref.repo === 'sbtscala/scala-sbt') version = /^eclipse-temurin-(?:[a-z]+-)?(\d+)/.exec(tag)?.[1];
  else if (ref.repo === 'openjdk') version = /^(\d+)/.exec(tag)?.[1];
  if (!version) return { skip: `no JRE image known for \`${ref.raw}\`` };
  if (/amazoncorretto|sapmachine|semeru|graal/.test(tag)) return { skip: `no JRE image of the same vendor known for \`${ref.raw}\`` };
  // Old OpenJDK images had a JRE of their own; from 17 on the project publishes none, so Temurin (glibc) takes over.
  const openjdk = ref.repo === 'openjdk' || /openjdk/.test(tag) || (ref.repo === 'maven' && /(?:^|-)jdk-?\d/.test(tag));
  if (openjdk && alpine) return Number(version) === 8 ? `${reg}openjdk:8-jre-alpine` : `${reg}eclipse-temurin:${version}-jre-alpine`;
  if (openjdk && Number(version) <= 11) return `${reg}openjdk:${version}-jre${/slim/.test(tag) ? '-slim' : ''}`;
  return `${reg}eclipse-temurin:${version}-jre${distroSuffix}`;
}

/** .NET: sdk → aspnet/runtime of the same version and tag shape; null for images this table does not know. */
function dotnetFor(ref: ImageRef, kind: 'dotnet-aspnet' | 'dotnet-runtime'): string | null {
  const m = /^(dotnet(?:\/core)?)\/sdk$/.exec(ref.repo);
  if (!m || !ref.tag) return null;
  const reg = registryOf(ref);
  return `${reg}${m[1]}/${kind === 'dotnet-aspnet' ? 'aspnet' : 'runtime'}:${ref.tag}`;
}

/** Official toolchain images built on Debian releases: their binaries run on the same Debian release, slim. */
const TOOLCHAINS = new Set(['rust', 'golang', 'buildpack-deps', 'gcc', 'swift', 'haskell', 'debian']);

/**
 * Plain OS builders run their binaries on the same OS release (its glibc), in its smallest flavour:
 * undefined when `ref` is not such an image, null when it is but no tag can be kept.
 */
function osRuntime(ref: ImageRef): string | null | undefined {
  const tag = ref.tag ?? 'latest';
  if (ref.repo === 'debian') return withTag(ref, /slim/.test(tag) ? tag : tag === 'latest' ? 'stable-slim' : `${tag}-slim`);
  if (ref.repo === 'ubuntu' || ref.repo === 'amazonlinux' || /^(fedora|rockylinux|almalinux|oraclelinux)$/.test(ref.repo)) return withTag(ref, tag);
  const ubi = /^(ubi\d+|rhel\d+)\/ubi(-init)?$/.exec(ref.repo);
  if (ubi) return `${imageName(ref).replace(/\/ubi(-init)?$/, '/ubi-minimal')}:${tag}`;
  if (/^(ubi\d+|rhel\d+)\/ubi-(minimal|micro)$/.test(ref.repo)) return withTag(ref, tag);
  return undefined;
}

/** Java versions with a distroless image on Debian 12. */
const DISTROLESS_JAVA = new Set(['17', '21']);
/** Node majors with a distroless image on Debian 12. */
const DISTROLESS_NODE = new Set(['18', '20', '22', '24']);

/**
 * Distroless Node (`nodejs<major>-debian12`, ENTRYPOINT node) and Python (`python3-debian12`, Python 3.11,
 * ENTRYPOINT python3): only for a start command that is the interpreter in exec form, a glibc builder no newer
 * than Debian 12, the same Node major or Python 3.11, and nothing to install.
 */
function distrolessInterpreter(ref: ImageRef, family: 'node' | 'python', distro: Distro, needs: BaseNeeds): { image: string } | { why: string } {
  const tag = ref.tag ?? 'latest';
  const release = codenameOf(ref);
  if (LIBC[distro] !== 'glibc') return { why: 'distroless images use glibc, the builder does not' };
  if (release && !['bookworm', 'bullseye', 'buster'].includes(release)) return { why: `the build uses Debian ${release}, newer than distroless` };
  if (!needs.interpreter) return { why: `the distroless ${NAMES[family]} image starts the interpreter itself, and the start command is not \`${family}\` in exec form` };
  if (needs.packages) return { why: 'the runtime installs system packages, and distroless has no package manager' };
  if (family === 'node') {
    const major = /^(\d+)/.exec(tag)?.[1] ?? '';
    return DISTROLESS_NODE.has(major) ? { image: `gcr.io/distroless/nodejs${major}-debian12` } : { why: `no distroless image for Node ${major || tag}` };
  }
  return /^3\.11(\.|-|$)/.test(tag) ? { image: 'gcr.io/distroless/python3-debian12' } : { why: `distroless python3 is Python 3.11, the builder is \`${ref.raw}\`` };
}

/** The newest Alpine release this table knows: the runtime of a musl builder whose tag names none. */
const NEWEST_ALPINE = '3.21';

const INTERPRETERS = new Set<RuntimeKind>(['node', 'python', 'ruby']);
const NAMES = { node: 'Node', python: 'Python', ruby: 'Ruby' } as const;

/** oven/bun:1 → oven/bun:1-slim (Debian, the `bun` user); slim/alpine/distroless tags are already small. */
function bunSlim(ref: ImageRef): string | null {
  if (ref.dynamic || (ref.digest && !ref.tag)) return null;
  const tag = ref.tag ?? 'latest';
  if (/slim|alpine|distroless/.test(tag)) return withTag(ref, tag);
  return withTag(ref, tag === 'latest' ? 'slim' : `${tag.replace(/-debian$/, '')}-slim`);
}

/**
 * The runtime image for `kind` built on `ref`, following `asked` (the user's `--runtime-base`) where the libc
 * family and the start command allow it; without one, the ecosystem's `needs.fallback`. A note says why an
 * asked policy was not followed.
 */
export function runtimeBase(ref: ImageRef, kind: RuntimeKind, asked: RuntimeBasePolicy | undefined, needs: BaseNeeds): BaseOutcome {
  const outcome = ecosystemChoice(ref, kind, asked, needs);
  return 'skip' in outcome ? outcome : pinned(templated(outcome, ref, kind), ref);
}

function ecosystemChoice(ref: ImageRef, kind: RuntimeKind, asked: RuntimeBasePolicy | undefined, needs: BaseNeeds): BaseOutcome {
  const chosen = policyChoice(ref, kind, asked ?? needs.fallback, needs);
  if ('skip' in chosen) return chosen;
  if (!asked) return { ...chosen, note: '' };
  // An asked policy that cannot be followed leaves the ecosystem's own choice in place, with the reason.
  if (chosen.note && needs.fallback && needs.fallback !== asked) {
    const own = policyChoice(ref, kind, needs.fallback, needs);
    if (!('skip' in own)) return { ...own, note: chosen.note };
  }
  return chosen;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A builder written with global ARGs (`FROM node:${NODE_VERSION}`) gets a runtime written with them too
 * (`node:${NODE_VERSION}-slim`), so `--build-arg NODE_VERSION=20` moves both. The runtime was chosen for the
 * ARGs' defaults: the part of the builder reference up to its last variable is put back where the runtime
 * begins with it, else each variable where its value stands alone in the runtime's tag; a runtime that follows
 * no variable gets a caveat.
 */
function templated(choice: BaseChoice, ref: ImageRef, kind: RuntimeKind): BaseChoice {
  const written = ref.template;
  if (!written) return choice;
  const vars = [...written.matchAll(/\$\{?(\w+)\}?/g)];
  const last = vars[vars.length - 1];
  if (!last) return choice;
  const headWritten = written.slice(0, (last.index ?? 0) + last[0].length);
  // What the head reads with the defaults: the resolved reference cut where the written tail begins.
  const tail = written.slice(headWritten.length);
  const head = ref.raw.endsWith(tail) ? ref.raw.slice(0, ref.raw.length - tail.length) : null;
  if (head && choice.image.startsWith(head)) return { ...choice, image: headWritten + choice.image.slice(head.length) };
  // Each variable's default where it stands alone in the runtime's tag (`eclipse-temurin:17-jre` for JAVA=17).
  const colon = choice.image.lastIndexOf(':');
  let image = choice.image;
  const names: string[] = [];
  for (const v of vars) {
    const name = v[1];
    const value = resolveDefault(ref, written, v);
    if (!value || colon === -1) continue;
    const tag = image.slice(image.lastIndexOf(':') + 1);
    const hits = [...tag.matchAll(new RegExp(`(^|[-_])${escapeRe(value)}(?=$|[-_])`, 'g'))];
    if (hits.length !== 1) continue;
    const at = image.lastIndexOf(':') + 1 + (hits[0].index ?? 0) + hits[0][1].length;
    image = image.slice(0, at) + v[0] + image.slice(at + value.length);
    names.push(name);
  }
  // A static binary runs the same whatever version of the toolchain built it.
  if (names.length || kind === 'static') return names.length ? { ...choice, image } : choice;
  const args = [...new Set(vars.map((v) => v[1]))].join(', ');
  return { ...choice, caveats: [...(choice.caveats ?? []), `the runtime image ${choice.image} was chosen for the default of ARG ${args} and does not follow it: check it when building with another value`] };
}

/** The default an ARG reference of the written image took in the resolved one (matched piece by piece). */
function resolveDefault(ref: ImageRef, written: string, v: RegExpMatchArray): string | null {
  const before = written.slice(0, v.index);
  const after = written.slice((v.index ?? 0) + v[0].length);
  // Only the literal text around this variable is used; other variables match anything.
  const pattern = (s: string): string => s.split(/\$\{?\w+\}?/).map(escapeRe).join('.*?');
  const m = new RegExp(`^${pattern(before)}(.*?)${pattern(after)}$`).exec(ref.raw);
  return m ? m[1] : null;
}

/** A builder pinned by digest: the runtime cannot be (no digest is made up), and the reviewer is told. */
function pinned(choice: BaseChoice, ref: ImageRef): BaseChoice {
  if (!ref.digest || choice.image.includes('@')) return choice;
  return { ...choice, caveats: [...(choice.caveats ?? []), `the builder image is pinned by digest, the runtime image ${choice.image} is not: pin it by digest too for a reproducible image`] };
}

function policyChoice(ref: ImageRef, kind: RuntimeKind, policy: RuntimeBasePolicy | undefined, needs: BaseNeeds): BaseOutcome {
  // Files need no C library and no tag of the builder: any builder gets nginx-unprivileged (user nginx, 101, port
  // 8080); Alpine stays Alpine, and `--runtime-base alpine` may choose it since nothing links against musl.
  if (kind === 'static-files') {
    const alpine = distroOf(ref) === 'alpine' || policy === 'alpine';
    const note = policy === 'distroless' || policy === 'scratch' ? `--runtime-base ${policy} not used: no such image for this runtime` : '';
    return choice(`${registryOf(ref)}nginxinc/nginx-unprivileged:${alpine ? 'stable-alpine' : 'stable'}`, alpine ? 'alpine' : 'debian', 'nginx', true, note);
  }
  if (!/^[\w.\-/:@${}]+$/.test(ref.raw)) return { skip: `\`${ref.raw}\` is not an image reference this tool can build on (a template?)` };
  if (kind === 'same-image') {
    const note = policy && policy !== 'slim' ? `--runtime-base ${policy} not used: the runtime is the builder's own image, which carries the server and the compiled extensions` : '';
    return choice(ref.raw, distroOf(ref), null, true, note);
  }
  if (kind === 'node' && ref.repo === 'oven/bun') {
    const image = bunSlim(ref);
    if (!image) return { skip: `no smaller Bun image known for \`${ref.raw}\`` };
    const note = policy && policy !== 'slim' && !(policy === 'alpine' && /alpine/.test(ref.tag ?? '')) ? `--runtime-base ${policy} not used: no such Bun image` : '';
    return choice(image, /alpine/.test(ref.tag ?? '') ? 'alpine' : 'debian', 'bun', true, note);
  }
  if (ref.dynamic) return { skip: `no runtime image known for \`${ref.raw}\` (the image name is a variable)` };
  if (ref.digest && !ref.tag) return { skip: `\`${ref.raw}\` is pinned by digest only: no runtime tag can be derived` };
  const distro = distroOf(ref);
  const libc = LIBC[distro];
  const shellLess = (p: RuntimeBasePolicy): string => `--runtime-base ${p} not used: the CMD/ENTRYPOINT needs a shell`;
  const otherLibc = (p: RuntimeBasePolicy): string => `--runtime-base ${p} not used: it would change the C library (${libc})`;
  const notFor = (p: RuntimeBasePolicy): string => `--runtime-base ${p} not used: no such image for this runtime`;
  const noPackages = (p: RuntimeBasePolicy): string => `--runtime-base ${p} not used: the runtime installs system packages, and ${p} has no package manager`;

  if (INTERPRETERS.has(kind)) {
    const family = kind as 'node' | 'python' | 'ruby';
    if (!isOfficial(ref, family)) return { skip: `no smaller ${NAMES[family]} image known for \`${ref.raw}\`` };
    const slim = slimCounterpart(ref, family) ?? ref.raw.replace(/@.*$/, '');
    let note = '';
    if (policy === 'alpine' && distro !== 'alpine') note = otherLibc('alpine');
    else if (policy === 'distroless' && kind !== 'ruby') {
      const d = distrolessInterpreter(ref, family as 'node' | 'python', distro, needs);
      if ('image' in d) return choice(`${d.image}:nonroot`, 'distroless', 'nonroot', false);
      note = `--runtime-base distroless not used: ${d.why}`;
    } else if (policy === 'distroless' || policy === 'scratch') note = notFor(policy);
    return choice(slim, distro, kind === 'node' ? 'node' : null, true, note);
  }

  if (kind === 'java') {
    const jre = jreFor(ref);
    if (typeof jre !== 'string') return jre;
    let note = '';
    const version = /:(\d+)/.exec(jre)?.[1] ?? '';
    if (policy === 'alpine' && distro !== 'alpine') note = otherLibc('alpine');
    else if (policy === 'distroless') {
      // gcr.io/distroless/java<ver>-debian12 starts `java -jar` itself: a CMD `java -jar app.jar` becomes `app.jar`.
      if (!DISTROLESS_JAVA.has(version)) note = `--runtime-base distroless not used: no distroless image for Java ${version || 'of this builder'}`;
      else if (libc !== 'glibc') note = otherLibc('distroless');
      else if (!needs.interpreter) note = '--runtime-base distroless not used: its ENTRYPOINT is `java -jar`, and the start command is not `java -jar <jar>` in exec form';
      else if (needs.packages) note = noPackages('distroless');
      else return choice(`gcr.io/distroless/java${version}-debian12:nonroot`, 'distroless', 'nonroot', false);
    } else if (policy === 'scratch') note = notFor(policy);
    return choice(jre, distroOf({ ...ref, repo: 'eclipse-temurin', tag: jre.replace(/^.*:/, '') }), null, true, note);
  }

  if (kind === 'dotnet-aspnet' || kind === 'dotnet-runtime') {
    const image = dotnetFor(ref, kind);
    if (!image) return { skip: `no .NET runtime image known for \`${ref.raw}\`` };
    let note = '';
    const major = parseInt(ref.tag ?? '', 10);
    if (policy === 'alpine' && distro !== 'alpine') note = otherLibc('alpine');
    else if (policy === 'distroless') {
      // The chiseled Ubuntu images (no shell, no package manager, user `app`); `-extra` keeps ICU and tzdata,
      // so globalization and time zones behave as on the full image.
      if (!(major >= 8) || !/^\d+\.\d+$/.test(ref.tag ?? '')) note = '--runtime-base distroless not used: chiseled .NET images exist from .NET 8 on, for version tags like 8.0';
      else if (distro === 'alpine') note = otherLibc('distroless');
      else if (needs.shell) note = shellLess('distroless');
      else if (needs.packages) note = noPackages('distroless');
      else return choice(`${image}-noble-chiseled-extra`, 'distroless', 'app', false);
    } else if (policy === 'scratch') note = notFor(policy);
    return choice(image, distro === 'alpine' ? 'alpine' : 'debian', major >= 8 ? 'app' : null, true, note);
  }

  // Native binaries: the family's plain OS image, a distroless one, or scratch.
  if (libc === 'musl') {
    // The builder's Alpine release, never a floating `alpine:3`: Alpine itself keeps its own tag; a language image's
    // alpine variant names the release; a tag that names none gets the newest release this table knows (musl runs
    // what an older one built), and the reviewer is told.
    const own = ref.repo === 'alpine' && isOfficial(ref, 'alpine') && ref.tag && ref.tag !== 'latest' ? ref.tag : undefined;
    const named = own ?? /alpine(3\.\d+)/.exec(ref.tag ?? '')?.[1];
    const v = named ?? NEWEST_ALPINE;
    const unnamed = named ? [] : [`the builder's tag does not name its Alpine release, so the runtime is pinned to alpine:${NEWEST_ALPINE}: use the builder's release if it is another`];
    if (policy === 'scratch' && kind === 'static' && !needs.shell && !needs.packages) return choice('scratch', 'scratch', null, false);
    const note = policy === 'scratch' && kind === 'static' ? (needs.shell ? shellLess('scratch') : noPackages('scratch')) : policy && policy !== 'alpine' && policy !== 'slim' ? otherLibc(policy) : '';
    return { ...choice(`alpine:${v}`, 'alpine', null, true, note), caveats: unnamed };
  }
  if (libc !== 'glibc') return { skip: `cannot tell the C library of \`${ref.raw}\`` };
  const os = osRuntime(ref);
  if (os !== undefined) {
    if (os === null) return { skip: `no runtime image known for \`${ref.raw}\`` };
    const note = policy && policy !== 'slim' ? `--runtime-base ${policy} not used: the build runs on ${ref.repo}, whose C library another image may not match` : '';
    return choice(os, distro, null, true, note);
  }
  if (!TOOLCHAINS.has(ref.repo) || (ref.registry !== null && !ref.registry.endsWith('docker.io'))) return { skip: `no runtime image known for \`${ref.raw}\`` };
  const codename = codenameOf(ref) ?? needs.codename ?? 'bookworm';
  const slim = choice(`debian:${codename}-slim`, 'debian', null, true);
  const distroless = kind === 'static' ? 'static' : needs.libstdcxx === false ? 'base' : 'cc';
  // Distroless images are Debian 12: only a bookworm (or older) build links against a glibc they have.
  const oldEnough = kind === 'static' || ['bookworm', 'bullseye', 'buster', 'stretch'].includes(codename);
  switch (policy) {
    case 'alpine':
      return { ...slim, note: otherLibc('alpine') };
    case 'scratch':
      if (kind !== 'static') return { ...slim, note: `--runtime-base scratch not used: the binary needs a C library` };
      if (needs.shell) return { ...slim, note: shellLess('scratch') };
      if (needs.packages) return { ...slim, note: noPackages('scratch') };
      return choice('scratch', 'scratch', null, false);
    case 'distroless':
      if (needs.shell) return { ...slim, note: shellLess('distroless') };
      if (needs.packages) return { ...slim, note: noPackages('distroless') };
      if (!oldEnough) return { ...slim, note: `--runtime-base distroless not used: the build uses Debian ${codename}, newer than distroless` };
      return choice(`gcr.io/distroless/${distroless}-debian12:nonroot`, 'distroless', 'nonroot', false);
    default:
      return slim;
  }
}

/**
 * The runtime for a language installed from the distro's packages (no smaller image of the language is
 * known): the same OS release in its plain (slim) flavour when the builder is an OS image, otherwise the
 * builder's own image (it is then the same base, without the build).
 */
export function distroBase(ref: ImageRef, asked: RuntimeBasePolicy | undefined, needs: BaseNeeds): BaseOutcome {
  if (!ref.dynamic && (osRuntime(ref) !== undefined || ref.repo === 'alpine' || (TOOLCHAINS.has(ref.repo) && ref.repo !== 'rust' && ref.repo !== 'golang'))) {
    const os = runtimeBase(ref, 'native', asked === 'distroless' || asked === 'scratch' ? undefined : asked, needs);
    if (!('skip' in os)) return asked && asked !== 'slim' && !os.note ? { ...os, note: `--runtime-base ${asked} not used: the language comes from the distro's packages` } : os;
  }
  return runtimeBase(ref, 'same-image', asked, needs);
}

/**
 * The runtime for a web server installed from the distro's packages next to a build (nginx, Apache, Caddy,
 * lighttpd): the same distro release in its plain flavour, where the server is installed again with the same
 * package layout (config folders, default site, web root, user) as in the original. An official Debian-based
 * language image (`node:20-bookworm`) runs on `debian:bookworm-slim`; one whose tag names no release gets the
 * newest Debian release this table knows, and the reviewer is told. Any other image is the runtime itself.
 */
export function serverBase(ref: ImageRef, asked: RuntimeBasePolicy | undefined, needs: BaseNeeds): BaseOutcome {
  const distro = distroOf(ref);
  if (!ref.dynamic && distro === 'alpine') return runtimeBase(ref, 'native', asked === 'slim' || asked === 'alpine' ? asked : undefined, needs);
  if (!ref.dynamic && osRuntime(ref) !== undefined) return distroBase(ref, asked, needs);
  if (!ref.dynamic && distro === 'debian' && !(ref.digest && !ref.tag) && (ref.registry === null || ref.registry.endsWith('docker.io'))) {
    const named = releaseOf(ref);
    const note = asked && asked !== 'slim' ? `--runtime-base ${asked} not used: the web server comes from the distro's packages` : '';
    const ubuntu = named ? UBUNTU_CODENAMES[named] : undefined;
    if (ubuntu) return choice(`ubuntu:${ubuntu}`, 'debian', null, true, note);
    const codename = named ?? CURRENT_RELEASE.debian;
    const unnamed = named ? [] : [`the builder's tag does not name its Debian release, so the runtime is pinned to debian:${codename}-slim: use the builder's release if it is another`];
    return { ...choice(`debian:${codename}-slim`, 'debian', null, true, note), caveats: unnamed };
  }
  return runtimeBase(ref, 'same-image', asked, needs);
}
