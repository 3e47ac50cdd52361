// Reading a failed build's log: its last meaningful lines for the report, and whether it failed because the
// engine could not fetch an image (a base image, or the `# syntax=` frontend). That is a fact about the
// user's machine and registry access, not about the Dockerfile, so it must be told apart and named; the
// messages below are those of BuildKit (docker 20.10 and buildx), the classic builder and podman/buildah.

export interface Unfetchable {
  /** The image reference as the engine wrote it. */
  readonly image: string;
  /** It is the frontend named by `# syntax=`, not a base image. */
  readonly frontend: boolean;
}

// Each names the image whose pull failed. BuildKit's error block repeats the failed step after "------" as
// " > [internal] load metadata for IMAGE:" (a base image) or " > resolve image config for IMAGE:" (the
// frontend); progress lines of the same steps start with "#N" instead, so the leading ">" matters.
const NAMED: readonly RegExp[] = [
  /^\s*>\s*\[internal\] load metadata for (\S+?):?\s*$/m,
  /^\s*>\s*resolve image config for (\S+?):?\s*$/m,
  /failed to resolve source metadata for (\S+?):\s/,
  /pull access denied for ([^\s,]+)/,
  /manifest for (\S+) not found/,
  /initializing source docker:\/\/(\S+?):\s/,
  /pull image specified by "([^"]+)"/,
  /short-name "([^"]+)" did not resolve/,
];

// The classic builder only says that the registry could not be reached, after the step that pulls.
const REGISTRY_TROUBLE = /(?:registry|Get "https?:\/\/[^"]*\/v2\/|dial tcp|no such host|i\/o timeout|TLS handshake timeout|unauthorized|denied)/i;

/** The image the failed build could not fetch, or null when it failed for another reason. */
export function unfetchableImage(log: string, dockerfile = ''): Unfetchable | null {
  let image: string | undefined;
  for (const re of NAMED) {
    const m = re.exec(log);
    if (m) {
      image = m[1]!.replace(/:$/, '');
      break;
    }
  }
  if (!image) {
    // Classic builder: the last step it started is a FROM, and what follows is a registry error.
    const steps = [...log.matchAll(/^Step \d+\/\d+ : (.*)$/gm)];
    const last = steps.at(-1);
    const from = last && /^FROM\s+(?:--platform=\S+\s+)?(\S+)/i.exec(last[1]!);
    if (from && REGISTRY_TROUBLE.test(log.slice(last.index! + last[0].length))) image = from[1]!;
  }
  if (!image) return null;
  const syntax = /^#\s*syntax\s*=\s*(\S+)/im.exec(dockerfile)?.[1];
  const frontend = /resolve image config for/.test(log) || (syntax !== undefined && sameImage(image, syntax));
  return { image, frontend };
}

/** `docker.io/docker/dockerfile:1` and `docker/dockerfile:1` name the same image. */
function sameImage(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return norm(a) === norm(b);
}

// BuildKit's bookkeeping: digests, timings, cache hits, separators, and the steps every build starts with.
const NOISE = /^(?:#\d+ (?:sha256:[0-9a-f]+|DONE [\d.]+s|CACHED|transferring (?:dockerfile|context):.*|\[internal\] load (?:build definition from|\.dockerignore).*)|-{6})$/;

/** The log's last `n` lines that say something (BuildKit's digests, timings and separators left out). */
export function lastLines(log: string, n = 12): string {
  const lines = log
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !NOISE.test(l));
  return lines.slice(-n).join('\n');
}

/** What the user can do about a failure, when the log says it (one line, or null). */
export function buildHint(log: string): string | null {
  if (/--mount option requires BuildKit|the --mount option requires/i.test(log)) return 'RUN --mount needs BuildKit: use an engine with BuildKit, or convert with --no-cache-mounts';
  if (/unknown flag: (?:link|chmod)|Unknown flag: link/i.test(log)) return 'this builder is too old for COPY --link/--chmod';
  return null;
}
