// What the final image runs and reads, for ecosystems that hand over a build output instead of the whole app
// folder: the entry command, whether it needs a shell, and the non-source files the image received.
import type { Instruction } from '../model/model.ts';
import { copyDest, copySources, isWholesaleCopy, type Facts } from './index.ts';
import { baseName, positional } from '../model/shell.ts';
import { resolvePath, type RunFacts } from './roles.ts';

/** Words of CMD and ENTRYPOINT (JSON form as is, shell form split on blanks), ENTRYPOINT first. */
export function entryWords(facts: Facts): string[] {
  const list = facts.stage.instructions;
  const last = (kw: string): Instruction | undefined => [...list].reverse().find((i) => i.keyword === kw);
  const words = (i: Instruction | undefined): string[] => (i ? [...(i.json ?? i.args.trim().split(/\s+/))] : []);
  return [...words(last('ENTRYPOINT')), ...words(last('CMD'))];
}

/** CMD, ENTRYPOINT or HEALTHCHECK in shell form (or a script) needs a shell in the runtime image. */
export function needsShell(facts: Facts): boolean {
  return facts.stage.instructions.some(
    (i) =>
      (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || (i.keyword === 'HEALTHCHECK' && !/^\s*NONE/i.test(i.args))) &&
      (i.json === null || /\.sh$|^(sh|bash|\/bin\/(ba)?sh)$/.test(i.json[0] ?? '')),
  );
}


/** Does a RUN of the stage call `tool` for more than a version or info check? (a compiled ecosystem's evidence) */
export const runsTool = (runs: readonly RunFacts[], tool: string): boolean =>
  runs.some((r) => r.commands.some((c) => c.command.base === tool && c.role !== 'neutral'));

/**
 * Absolute paths of files and folders the stage copied into the app folder that are not sources or build
 * files (config, templates, static assets): the runtime needs them next to the build output. Null when a
 * wholesale COPY brought in a context this tool cannot see.
 */
export function copiedAssets(facts: Facts, notAsset: RegExp): string[] | null {
  const app = facts.appDir;
  const out: string[] = [];
  for (const ins of facts.stage.instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name.toLowerCase() === 'from') || ins.heredoc) continue;
    const dest = resolvePath(copyDest(ins).replace(/^["']|["']$/g, ''), facts.workdirAt.get(ins) ?? null);
    if (!dest || !app || !(dest === app || dest.startsWith(app + '/') || dest === app + '/')) continue;
    const destDir = dest.replace(/\/$/, '');
    if (isWholesaleCopy(ins)) {
      if (!facts.project.known) return null;
      for (const name of facts.project.list('')) if (!notAsset.test(name)) out.push(`${destDir}/${name.replace(/\/$/, '')}`);
      continue;
    }
    const sources = copySources(ins);
    const intoDir = sources.length > 1 || dest.endsWith('/') || dest === app;
    for (const s of sources) {
      const name = s.replace(/^\.\//, '').replace(/\/$/, '');
      const top = name.split('/')[0] + (name.includes('/') || s.endsWith('/') ? '/' : '');
      if ([top, name, name + '/'].some((n) => notAsset.test(n)) || name.includes('$')) continue;
      out.push(intoDir ? `${destDir}/${baseName(name)}` : destDir);
    }
  }
  return [...new Set(out)];
}

/** Files that never belong to the runtime of a compiled app, whatever the language. */
export const COMMON_NOT_ASSETS = String.raw`\.[^/]*|Dockerfile.*|.*\.dockerfile|Containerfile|Makefile|README.*|LICEN[CS]E.*|CHANGELOG.*|.*\.md|docs?/|tests?/|scripts?/|deploy(ments)?/|charts?/|k8s/|(docker-)?compose.*\.ya?ml|.*\.iml|.*\.sln`;

/**
 * The owner the original gives the app folder (or parts of it) with `chown`: COPY --from does not keep
 * owners, so the handover copy names it. Null when nothing is chowned, undefined when owners differ.
 */
export function appOwner(facts: Facts): string | null | undefined {
  const app = facts.appDir;
  let owner: string | null = null;
  for (const run of facts.runs) {
    for (const c of run.commands) {
      if (c.command.base !== 'chown' || !app) continue;
      const [who, ...paths] = positional(c.command.args);
      const inApp = paths.map((p) => resolvePath(p, run.workdir)).every((p) => p !== null && (p === app || p.startsWith(app + '/')));
      if (!who || !inApp || paths.length === 0) continue;
      if (owner !== null && owner !== who) return undefined;
      owner = who;
    }
  }
  return owner;
}
