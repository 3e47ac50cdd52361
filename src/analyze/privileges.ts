// Why a container must start as root: its entrypoint drops privileges itself (gosu, su-exec, …), it starts
// system services, supervisord switches users, or it inherits a service image's entrypoint. Read once in
// analysis; the user transform and the split both ask it.
import type { Stage } from '../model/model.ts';
import { copySources } from '../model/paths.ts';
import type { EntryFacts } from './contract.ts';
import type { Project } from './project.ts';
import { startedServer } from './web-server.ts';

const DROPS = /\b(gosu|su-exec|setpriv|chpst|runuser|s6-setuidgid|setuidgid|su\s+-c|su\s+\w+\s+-c|sudo\s+-u|supervisord)\b/;

// Init scripts and service managers started by the CMD write pid files and switch users as root.
const SERVICES = /\bservice\s+[\w.@-]+\s+(start|restart)\b|\/etc\/init\.d\/|\bsystemctl\b|\b(s6-svscan|runsvdir|openrc)\b/;

interface StartFacts {
  readonly stage: Stage;
  readonly project: Project;
  readonly root: { readonly image: string; readonly plain: boolean };
  readonly entry: EntryFacts;
}

/** Why the container must start as root, or null. */
export function rootAtStart(f: StartFacts): string | null {
  const list = f.stage.instructions;
  if (!f.root.plain && !list.some((i) => i.keyword === 'ENTRYPOINT')) {
    return `the file keeps the entrypoint of \`${f.root.image}\`, which may need root (a service image that drops privileges itself)`;
  }
  const text = f.entry.text;
  if (SERVICES.test(text)) return 'the CMD starts system services, which need root';
  // A web server from the distro's packages starts as root and runs its workers as its own user (www-data).
  const server = startedServer(f);
  if (server && !/unprivileged/.test(f.root.image)) return `the CMD starts \`${server}\`, which starts as root and runs its workers as the server's own user`;
  const supervisor = supervisorUser(f);
  if (supervisor) return supervisor;
  if (DROPS.test(text)) return 'the entrypoint drops privileges itself';
  for (const ins of f.entry.instructions) {
    const script = (ins.json ?? ins.args.trim().split(/\s+/)).find((w) => /\.sh$|entrypoint|docker-entrypoint/.test(w));
    if (!script) continue;
    const rel = script.replace(/^\.\//, '');
    const content = f.project.read(rel) ?? f.project.read(rel.replace(/^.*\//, ''));
    if (content === undefined) return `cannot read the entrypoint script ${script} (it may drop privileges)`;
    if (DROPS.test(content)) return `${script} drops privileges itself`;
  }
  if (list.some((i) => i.keyword === 'RUN' && /supervisord|systemctl|service\s+\w+\s+start/.test(i.args))) return 'the image runs a service manager';
  return null;
}

/** A supervisord.conf the image receives that runs programs as another user (`user=`). */
function supervisorUser(f: StartFacts): string | null {
  for (const ins of f.stage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    for (const src of copySources(ins)) {
      if (!/supervisor[^/]*\.conf$|supervisord?\//.test(src)) continue;
      const text = f.project.read(src.replace(/^\.\//, ''));
      if (text === undefined) return `cannot read ${src} (supervisord may switch users)`;
      if (/^\s*user\s*=/m.test(text)) return `${src} runs programs as another user (supervisord \`user=\`), which needs root`;
    }
  }
  return null;
}
