// What a `debug` stage (`--debug-stage`, `FROM runtime AS debug`) adds to the runtime image for its family:
// a shell and the basic tools to look inside a running container (ps, curl, less, ip). Images with a package
// manager install them (as root, then back to the runtime's user); distroless images get the busybox of their
// own `:debug` variant; scratch gets a static busybox. Knowledge about images lives here, not in the transform.
import { STANDARD_PATH } from './base-images.ts';
import type { Facts, Outcome } from './contract.ts';
import { imageName } from './images.ts';
import { installLine } from './packages.ts';

export interface DebugTools {
  /** The lines after `FROM <runtime> AS debug`. */
  readonly lines: readonly string[];
  /** What they add, for the message. */
  readonly tools: string;
  /** The shell to start: `docker run -it --entrypoint <shell> <image>`. */
  readonly shell: string;
}

/** Tools installed with the distro's package manager, by family (package names differ). */
const PACKAGES = {
  apt: ['procps', 'curl', 'less', 'iproute2'],
  apk: ['bash', 'procps', 'curl', 'less', 'iproute2'],
  yum: ['procps-ng', 'less', 'iproute'],
} as const;

/** A static busybox for images without any userland (the official image's musl build is statically linked). */
export const BUSYBOX_IMAGE = 'busybox:1.36-musl';

const ROOT = /^(root|0)(:(root|0))?$/;

/** The user an image runs as by its own config when the file sets none (root unless listed). */
function imageDefaultUser(facts: Facts): string | null {
  const ref = facts.root.ref;
  if (ref.repo === 'nginxinc/nginx-unprivileged') return '101';
  if (ref.registry === 'gcr.io' && /nonroot/.test(ref.tag ?? '')) return 'nonroot';
  if (/^dotnet\//.test(ref.repo) && /chiseled/.test(ref.tag ?? '')) return 'app';
  return null;
}

/** `USER root` around the lines that need it, back to the runtime's user afterwards (nothing when that is root). */
function asRoot(facts: Facts, lines: readonly string[], root = 'root'): string[] {
  const user = facts.user ?? imageDefaultUser(facts);
  if (user === null || ROOT.test(user.trim())) return [...lines];
  return [`USER ${root}`, ...lines, `USER ${user}`];
}

export function debugTools(facts: Facts): Outcome<DebugTools> {
  const ref = facts.root.ref;
  if (facts.windows) return { skip: 'Windows image' };
  if (ref.dynamic) return { skip: `the runtime image \`${ref.raw}\` is named by a variable: its family cannot be told` };
  // Images without a shell (distroless, chiseled, scratch) cannot install anything: their tools are copied in.
  const family = ref.repo === 'scratch' && ref.registry === null ? 'scratch' : facts.root.shell === false ? 'distroless' : facts.distro;
  switch (family) {
    case 'debian':
      return { lines: asRoot(facts, [installLine('apt', PACKAGES.apt)]), tools: `a shell and ${PACKAGES.apt.join(', ')} (apt)`, shell: 'bash' };
    case 'alpine':
      return { lines: asRoot(facts, [installLine('apk', PACKAGES.apk)]), tools: `${PACKAGES.apk.join(', ')} (apk)`, shell: 'bash' };
    case 'rhel':
      return { lines: asRoot(facts, [installLine('yum', PACKAGES.yum, ref.raw)]), tools: `a shell and ${PACKAGES.yum.join(', ')} (yum)`, shell: 'bash' };
    case 'distroless': {
      // Every distroless image has a `:debug` twin with busybox in /busybox; only its folder is taken, so the
      // debug stage stays the runtime image plus a shell.
      if (ref.registry !== 'gcr.io' || !ref.repo.startsWith('distroless/')) return { skip: `\`${ref.raw}\` has no shell and no debug variant this tool knows` };
      const debug = `${imageName(ref)}:debug`;
      return { lines: [`COPY --from=${debug} /busybox /busybox`, 'ENV PATH="${PATH}:/busybox"'], tools: `busybox (a shell and tools) from ${debug}`, shell: '/busybox/sh' };
    }
    case 'scratch':
      return {
        lines: [
          `COPY --from=${BUSYBOX_IMAGE} /bin/busybox /busybox/busybox`,
          // Scratch has no users file: the numeric root is the one that resolves.
          ...asRoot(facts, ['RUN ["/busybox/busybox", "--install", "-s", "/busybox"]'], '0'),
          `ENV PATH="${STANDARD_PATH}:/busybox"`,
        ],
        tools: `a static busybox (a shell and tools) from ${BUSYBOX_IMAGE}`,
        shell: '/busybox/sh',
      };
    default:
      return { skip: `cannot tell how to add tools to \`${ref.raw}\` (no known package manager)` };
  }
}
