// add-nonroot-user: the final stage runs as an unprivileged user — the one the image provides (node,
// nonroot, www-data, app) or one created with a fixed UID/GID — with the application files owned by it and
// USER placed after the last step that needs root. Skips when that could break the container.
import type { Facts } from '../src/analyze/contract.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg } from '../src/messages.ts';
import { copyTarget } from '../src/model/paths.ts';
import type { Options, Transform, TransformContext, TransformOutcome } from '../src/types.ts';

const ROOT = /^(root|0)(:(root|0))?$/;

/** The user the final stage switches to. */
interface RuntimeUser {
  /** The USER value. */
  readonly user: string;
  /** The --chown value. */
  readonly chown: string;
  /** Lines that create the user (empty when the image has it). */
  readonly create: readonly string[];
}

/** How the distro creates a system user; null when it cannot be told. */
function createLines(distro: Facts['distro'], name: string, uid: number): string[] | null {
  switch (distro) {
    case 'debian':
      return [`RUN groupadd --system --gid ${uid} ${name} && useradd --system --uid ${uid} --gid ${name} --create-home --no-log-init ${name}`];
    case 'alpine':
      return [`RUN addgroup -S -g ${uid} ${name} && adduser -S -D -H -u ${uid} -G ${name} ${name}`];
    case 'rhel':
      return [`RUN groupadd -r -g ${uid} ${name} && useradd -r -u ${uid} -g ${name} -m ${name}`];
    default:
      return null;
  }
}

function runtimeUser(facts: Facts, options: Options): RuntimeUser | { skip: string } {
  const provided = facts.imageUser;
  if (provided && !options.user) return { user: provided, chown: `${provided}:${provided}`, create: [] };
  const name = options.user ?? 'app';
  // scratch has no /etc/passwd: a numeric user, by default 65534 (`nobody` on every distro).
  if (facts.root.ref.repo === 'scratch') {
    const ids = `${options.uid ?? 65534}:${options.uid ?? 65534}`;
    return { user: ids, chown: ids, create: [] };
  }
  const uid = options.uid ?? 10001;
  const ids = `${uid}:${uid}`;
  const lines = createLines(facts.distro, name, uid);
  if (!lines) return { skip: `cannot tell how to create a user on \`${facts.root.ref.raw}\`` };
  return { user: ids, chown: ids, create: lines };
}

/** Why running as non-root could break this image, or null. */
function whyRoot(facts: Facts, options: Options): string | null {
  // Windows images have their own users (ContainerUser, ContainerAdministrator): no Linux user commands there.
  if (facts.windows) return 'a Windows image: its user is left as it is (Linux user commands do not run there)';
  if (facts.model.instructions.some((i) => i.keyword === 'ONBUILD')) return 'the image has ONBUILD triggers: child images run them as its user, which stays root';
  const root = facts.rootAtStart();
  if (root) return root;
  const low = facts.privilegedPort;
  if (low !== null && !options.forceNonroot) return `the app binds port ${low} (< 1024), which needs root; --force-nonroot overrides`;
  return null;
}

function addUser(ctx: TransformContext): TransformOutcome {
  const { facts, fix, options } = ctx;
  if (facts.user !== null && !ROOT.test(facts.user)) return { edits: [] };
  const danger = whyRoot(facts, options);
  if (danger) return { skip: msg('user-skip', { why: danger }) };
  const w = runtimeUser(facts, options);
  if ('skip' in w) return { skip: msg('user-skip', { why: w.skip }) };
  const list = facts.stage.instructions;
  const rootSteps = list.filter((i) => ['RUN', 'COPY', 'ADD', 'USER', 'WORKDIR', 'FROM'].includes(i.keyword));
  const lastRoot = rootSteps[rootSteps.length - 1];
  const entry = list.find((i) => i.index > lastRoot.index && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  const edits: Edit[] = [];
  // Application files (and the folders the app writes) belong to the user.
  for (const ins of list) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name.toLowerCase() === 'chown')) continue;
    if (!facts.inApp(copyTarget(ins, facts.workdirAt.get(ins) ?? null))) continue;
    edits.push(fix.insertFlag(ins, `--chown=${w.chown}`, msg('user-chown', { user: w.user })));
  }
  // Volumes are created owned by the user before they are declared (later changes to them may be lost).
  const volumeIns = list.filter((i) => i.keyword === 'VOLUME');
  const volumes = volumeIns.flatMap((i) => i.json ?? i.args.trim().split(/\s+/)).filter((v) => v.startsWith('/') && !v.includes('$'));
  const lines = [...w.create];
  // A shell-less image (scratch, distroless) cannot RUN the mkdir: its volume folders would stay root's.
  if (volumes.length > 0 && facts.root.shell === false) return { skip: msg('user-skip', { why: `the VOLUME folders ${volumes.join(', ')} would stay owned by root, and ${facts.root.ref.raw} has no shell to create them for the user` }) };
  if (volumes.length > 0) {
    const mkdir = `RUN mkdir -p ${volumes.join(' ')} && chown ${w.chown} ${volumes.join(' ')}`;
    edits.push(fix.insertBefore(volumeIns[0], fix.block([...w.create, mkdir]), msg('user-volumes', { dirs: volumes.join(', '), user: w.user })));
    lines.length = 0;
  }
  lines.push(`USER ${w.user}`);
  const reason = w.create.length ? msg('user-create', { user: options.user ?? 'app', uid: options.uid ?? 10001 }) : msg('user-reuse', { user: w.user });
  edits.push(entry ? fix.insertBefore(entry, fix.block(lines), reason) : fix.insertAfter(list[list.length - 1], fix.block(lines), reason));
  return { edits };
}

const transform: Transform = {
  meta: {
    id: 'add-nonroot-user',
    description: 'Run the final stage as an unprivileged user that owns the application files',
    safety: 'review',
    kind: 'non-root',
  },
  apply: addUser,
};

export default transform;
