// add-nonroot-user: the final stage runs as an unprivileged user — the one the image provides (node,
// nonroot, www-data, app) or one created with a fixed UID/GID — with the application files owned by it and
// USER placed after the last step that needs root. Skips when that could break the container.
import type { Facts } from '../src/analyze/index.ts';
import { copyDest } from '../src/analyze/index.ts';
import { distroOf, isOfficial, parseImage, type Distro, type ImageRef } from '../src/analyze/images.ts';
import { resolvePath } from '../src/analyze/roles.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg } from '../src/messages.ts';
import type { Options, Transform, TransformContext, TransformOutcome } from '../src/types.ts';

const DROPS = /\b(gosu|su-exec|setpriv|chpst|runuser|s6-setuidgid|setuidgid|su\s+-c|su\s+\w+\s+-c|sudo\s+-u|supervisord)\b/;
const ROOT = /^(root|0)(:(root|0))?$/;

// Init scripts and service managers started by the CMD write pid files and switch users as root.
const SERVICES = /\bservice\s+[\w.@-]+\s+(start|restart)\b|\/etc\/init\.d\/|\bsystemctl\b|\b(s6-svscan|runsvdir|openrc)\b/;

/** Servers that bind a privileged port of their own (EXPOSE in the base image, not in this file). */
function imagePorts(b: ImageRef): number[] {
  const tag = b.tag ?? '';
  if (isOfficial(b, 'php') && /apache/.test(tag)) return [80];
  if (isOfficial(b, 'httpd') || isOfficial(b, 'nginx')) return [80];
  return [];
}

/** A supervisord.conf the image receives that runs programs as another user (`user=`). */
function supervisorUser(facts: Facts): string | null {
  for (const ins of facts.stage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    for (const src of (ins.json ?? ins.args.trim().split(/\s+/)).slice(0, -1)) {
      if (!/supervisor[^/]*\.conf$|supervisord?\//.test(src)) continue;
      const text = facts.project.read(src.replace(/^\.\//, ''));
      if (text === undefined) return `cannot read ${src} (supervisord may switch users)`;
      if (/^\s*user\s*=/m.test(text)) return `${src} runs programs as another user (supervisord \`user=\`), which needs root`;
    }
  }
  return null;
}

interface Who {
  /** The USER value. */
  readonly user: string;
  /** The --chown value. */
  readonly chown: string;
  /** Lines that create the user (empty when the image has it). */
  readonly create: readonly string[];
}

function existingUser(b: ImageRef): string | null {
  if (isOfficial(b, 'node')) return 'node';
  if (b.repo === 'oven/bun') return 'bun';
  // .NET 8+ images carry `app` (UID 1654); nginx-unprivileged runs as `nginx` (101).
  if (/^dotnet\/(aspnet|runtime|runtime-deps)$/.test(b.repo) && parseInt(b.tag ?? '', 10) >= 8) return 'app';
  if (b.repo === 'nginxinc/nginx-unprivileged') return 'nginx';
  // The php images (Debian and Alpine) carry `www-data`, which their servers already run requests as.
  if (isOfficial(b, 'php')) return 'www-data';
  if (b.repo.includes('distroless')) return 'nonroot';
  return null;
}

/** How the distro creates a system user; null when it cannot be told. */
function createLines(distro: Distro, name: string, uid: number): string[] | null {
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

function stageDistro(facts: Facts): Distro {
  const d = distroOf(rootImage(facts).ref);
  if (d !== 'unknown') return d;
  const managers = new Set(facts.runs.flatMap((r) => r.packages.map((p) => p.manager)));
  if (managers.has('apt')) return 'debian';
  if (managers.has('apk')) return 'alpine';
  if (managers.has('yum')) return 'rhel';
  return 'unknown';
}

function who(facts: Facts, options: Options): Who | { skip: string } {
  const base = rootImage(facts).ref;
  const own = existingUser(base);
  if (own && !options.user) return { user: own, chown: `${own}:${own}`, create: [] };
  const name = options.user ?? 'app';
  const uid = options.uid ?? 10001;
  if (base.repo === 'scratch') return { user: `${uid}:${uid}`, chown: `${uid}:${uid}`, create: [] };
  const lines = createLines(stageDistro(facts), name, uid);
  if (!lines) return { skip: `cannot tell how to create a user on \`${base.raw}\`` };
  return { user: `${uid}:${uid}`, chown: `${uid}:${uid}`, create: lines };
}

// Images whose own ENTRYPOINT, inherited when the file sets none, does not need root (language runtimes, OS
// bases). Service images (postgres, mysql, redis, ...) start through scripts that chown data and drop privileges.
const PLAIN_HUB = /^(node|python|pypy|golang|rust|ruby|php|openjdk|eclipse-temurin|amazoncorretto|ibm-semeru-runtimes|sapmachine|maven|gradle|debian|ubuntu|alpine|busybox|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|photon|buildpack-deps|erlang|elixir|haskell|swift|perl|r-base|julia|clojure|mono|dart|crystallang\/crystal|oven\/bun|denoland\/deno|nginxinc\/nginx-unprivileged|scratch)$/;
const PLAIN_REGISTRY = /^(mcr\.microsoft\.com\/dotnet\/|gcr\.io\/distroless\/|registry\.access\.redhat\.com\/ubi|public\.ecr\.aws\/amazonlinux\/)/;

/** The image a stage finally stands on (`FROM builder` follows the earlier stage). */
function rootImage(facts: Facts): { raw: string; plain: boolean; ref: ImageRef } {
  let stage = facts.stage;
  for (let hops = 0; hops < facts.model.stages.length; hops++) {
    const earlier = facts.model.stages.find((s) => s.index < stage.index && s.name?.toLowerCase() === stage.image.toLowerCase());
    if (!earlier) break;
    stage = earlier;
  }
  const b = stage === facts.stage ? facts.base : parseImage(stage.image);
  const plain = (b.registry === null && PLAIN_HUB.test(b.repo)) || PLAIN_REGISTRY.test(`${b.registry ?? ''}/${b.repo}`);
  return { raw: stage.image, plain, ref: b };
}

/** Why running as non-root could break this image, or null. */
function risk(facts: Facts, options: Options): string | null {
  const entry = facts.stage.instructions.filter((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
  const base = rootImage(facts);
  if (!base.plain && !facts.stage.instructions.some((i) => i.keyword === 'ENTRYPOINT')) {
    return `the file keeps the entrypoint of \`${base.raw}\`, which may need root (a service image that drops privileges itself)`;
  }
  const text = entry.map((i) => (i.json ? i.json.join(' ') : i.args)).join(' ');
  if (SERVICES.test(text)) return 'the CMD starts system services, which need root';
  const supervisor = supervisorUser(facts);
  if (supervisor) return supervisor;
  if (DROPS.test(text)) return 'the entrypoint drops privileges itself';
  for (const ins of entry) {
    const script = (ins.json ?? ins.args.trim().split(/\s+/)).find((w) => /\.sh$|entrypoint|docker-entrypoint/.test(w));
    if (!script) continue;
    const rel = script.replace(/^\.\//, '');
    const content = facts.project.read(rel) ?? facts.project.read(rel.replace(/^.*\//, ''));
    if (content === undefined) return `cannot read the entrypoint script ${script} (it may drop privileges)`;
    if (DROPS.test(content)) return `${script} drops privileges itself`;
  }
  const low = [...facts.ports, ...imagePorts(base.ref)].find((p) => p < 1024);
  if (low !== undefined && !options.forceNonroot) return `the app binds port ${low} (< 1024), which needs root; --force-nonroot overrides`;
  if (facts.stage.instructions.some((i) => i.keyword === 'RUN' && /supervisord|systemctl|service\s+\w+\s+start/.test(i.args))) {
    return 'the image runs a service manager';
  }
  return null;
}

function addUser(ctx: TransformContext): TransformOutcome {
  const { facts, fix, options } = ctx;
  if (facts.user !== null && !ROOT.test(facts.user)) return { edits: [] };
  const danger = risk(facts, options);
  if (danger) return { skip: msg('user-skip', { why: danger }) };
  const w = who(facts, options);
  if ('skip' in w) return { skip: msg('user-skip', { why: w.skip }) };
  const list = facts.stage.instructions;
  const rootSteps = list.filter((i) => ['RUN', 'COPY', 'ADD', 'USER', 'WORKDIR', 'FROM'].includes(i.keyword));
  const lastRoot = rootSteps[rootSteps.length - 1];
  const entry = list.find((i) => i.index > lastRoot.index && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  const edits: Edit[] = [];
  // Application files (and the folders the app writes) belong to the user.
  for (const ins of list) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name.toLowerCase() === 'chown')) continue;
    const dest = resolvePath(copyDest(ins).replace(/^["']|["']$/g, ''), facts.workdirAt.get(ins) ?? null);
    const app = facts.appDir;
    if (!dest || !app || !(dest === app || dest.startsWith(app + '/') || dest === app + '/')) continue;
    edits.push(fix.insertFlag(ins, `--chown=${w.chown}`, msg('user-chown', { user: w.user })));
  }
  // Volumes are created owned by the user before they are declared (later changes to them may be lost).
  const volumeIns = list.filter((i) => i.keyword === 'VOLUME');
  const volumes = volumeIns.flatMap((i) => i.json ?? i.args.trim().split(/\s+/)).filter((v) => v.startsWith('/') && !v.includes('$'));
  const lines = [...w.create];
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
