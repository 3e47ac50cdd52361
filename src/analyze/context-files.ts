// Where a stage's COPY/ADD instructions put the files of the build context, as Docker would: a folder (the
// context itself included) is copied as its contents, one file copied to a folder the stage has lands inside it.
// Verification compares the original's and the converted image's; the split reports what stays behind.
import type { Instruction, Stage } from '../model/model.ts';
import { copySources, copyTarget, resolvePath, unquote } from '../model/paths.ts';
import type { Project } from './project.ts';

export interface ContextCopy {
  /** The path in the context (`src/go.mod`). */
  readonly source: string;
  readonly ins: Instruction;
}

/** Absolute path in the image → what of the context is there, for the copies from the context only. */
export function contextCopies(stage: Stage, project: Project): Map<string, ContextCopy> {
  const out = new Map<string, ContextCopy>();
  let workdir: string | null = null;
  // Folders the stage has made by now: a COPY of one file to one of them puts the file inside it.
  const folders = new Set<string>(['']);
  for (const ins of stage.instructions) {
    if (ins.keyword === 'WORKDIR') {
      workdir = resolvePath(unquote(ins.args), workdir);
      for (let p = workdir ?? ''; p && p !== '/'; p = p.slice(0, p.lastIndexOf('/'))) folders.add(p.replace(/\/$/, ''));
    }
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.heredoc || ins.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
    const dest = copyTarget(ins, workdir);
    if (!dest || dest.includes('$')) continue;
    const base = dest.replace(/\/$/, '');
    const sources = copySources(ins);
    for (const s of sources) {
      const rel = s.replace(/^\.\//, '').replace(/\/$/, '');
      if (/[*?[$]|^[a-z]+:\/\//i.test(rel)) continue;
      const whole = rel === '.' || rel === '';
      const children = project.list(whole ? '' : rel);
      if (children.length) {
        for (const c of children) out.set(`${base}/${c.replace(/\/$/, '')}`, { source: whole ? c.replace(/\/$/, '') : `${rel}/${c.replace(/\/$/, '')}`, ins });
      } else if (project.exists(rel)) {
        const into = sources.length > 1 || dest.endsWith('/') || folders.has(base);
        out.set(into ? `${base}/${rel.split('/').pop()}` : base, { source: rel, ins });
      }
    }
    if (dest.endsWith('/') || sources.length > 1) folders.add(base);
  }
  return out;
}
