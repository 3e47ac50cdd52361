// What the final image reads besides a build output, for ecosystems that hand over the output instead of the
// whole app folder: the non-source files the image received, and who owns the app folder.
import { copySources, copyTarget, isWholesaleCopy, resolvePath } from '../model/paths.ts';
import { baseName, positional } from '../model/shell.ts';
import type { Facts, RunFacts } from './contract.ts';

/** Does a RUN of the stage call `tool` for more than a version or info check? (a compiled ecosystem's evidence) */
export const runsTool = (runs: readonly RunFacts[], tool: string): boolean =>
  runs.some((r) => r.commands.some((c) => c.command.base === tool && c.role !== 'neutral'));

/**
 * Absolute paths of files and folders the stage copied into the app folder that are not sources or build
 * files (config, templates, static assets): the runtime needs them next to the build output. Null when a
 * wholesale COPY brought in a context this tool cannot see.
 */
export function copiedAssets(facts: Facts, notAsset: RegExp): string[] | null {
  const out: string[] = [];
  for (const ins of facts.stage.instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name.toLowerCase() === 'from') || ins.heredoc) continue;
    const dest = copyTarget(ins, facts.workdirAt.get(ins) ?? null);
    if (!facts.inApp(dest) || !dest) continue;
    const destDir = dest.replace(/\/$/, '');
    if (isWholesaleCopy(ins)) {
      if (!facts.project.known) return null;
      for (const name of facts.project.list('')) if (!notAsset.test(name)) out.push(`${destDir}/${name.replace(/\/$/, '')}`);
      continue;
    }
    const sources = copySources(ins);
    const intoDir = sources.length > 1 || dest.endsWith('/') || dest === facts.appDir;
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
  let owner: string | null = null;
  for (const run of facts.runs) {
    for (const c of run.commands) {
      if (c.command.base !== 'chown' || !facts.appDir) continue;
      const [who, ...paths] = positional(c.command.args);
      const inApp = paths.every((p) => facts.inApp(resolvePath(p, run.workdir)));
      if (!who || !inApp || paths.length === 0) continue;
      if (owner !== null && owner !== who) return undefined;
      owner = who;
    }
  }
  return owner;
}
