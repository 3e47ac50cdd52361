// The user a container runs as, shown as NAME(UID). It is asked of the container itself (`id` inside it), since
// the image's USER line may name a user that entrypoints, base images or `--user` change. Images without an
// `id` program (distroless, scratch) get the answer from the container's configured user and its /etc/passwd.

/** `uid=1000(node) gid=1000(node) groups=…` → `node(1000)`; `uid=10001 gid=…` → `10001`; anything else null. */
export function parseId(output: string): string | null {
  const m = /uid=(\d+)(?:\(([^)]*)\))?/.exec(output);
  if (!m) return null;
  return m[2] ? `${m[2]}(${m[1]})` : m[1]!;
}

/**
 * The configured user (`.Config.User`: empty, a name or a UID, with an optional `:group`) resolved against
 * the container's /etc/passwd text (undefined when it has none).
 */
export function userFromPasswd(configured: string, passwd: string | undefined): string {
  const user = configured.split(':')[0] ?? '';
  if (user === '') return 'root(0)';
  const entries = (passwd ?? '').split('\n').map((l) => l.split(':'));
  if (/^\d+$/.test(user)) {
    const name = entries.find((e) => e[2] === user)?.[0];
    return name ? `${name}(${user})` : user;
  }
  const uid = entries.find((e) => e[0] === user)?.[2];
  return `${user}(${uid ?? '?'})`;
}

/** The content of the first file in a tar stream (what `docker cp CONTAINER:FILE -` prints), read as latin1. */
export function firstTarFile(tar: string): string | undefined {
  if (tar.length < 512) return undefined;
  const size = parseInt(tar.slice(124, 136).replace(/\0.*$/s, '').trim(), 8);
  if (!Number.isFinite(size)) return undefined;
  return tar.slice(512, 512 + size);
}

/** True for a user shown by parseId/userFromPasswd that is root. */
export const isRoot = (user: string | null): boolean => user !== null && (/\(0\)$/.test(user) || user === '0');
