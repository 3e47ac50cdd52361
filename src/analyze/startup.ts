// Will the final image start? For the final stage of a model: the program its ENTRYPOINT/CMD (and HEALTHCHECK)
// starts resolves in the image (copied there, installed by a RUN, carried by the base image, or a bare name on
// the PATH), a shell form has a shell, and the USER exists. Only what the base-image table knows is judged:
// an image it does not know, a variable, or a program a RUN may have made are given the benefit of the doubt.
import { finalStage, type Instruction, type Model, type Stage } from '../model/model.ts';
import { copySources, copyTarget, isInside, resolvePath, unquote } from '../model/paths.ts';
import { baseName, splitShell } from '../model/shell.ts';
import { baseImage, KNOWN_PROGRAMS, pathOf, type BaseImage } from './base-images.ts';
import { parseImage } from './images.ts';
import { resolveFromArgs } from './index.ts';

export interface StartupProblem {
  /** What failed, independent of lines and images (to compare an output with its input). */
  readonly key: string;
  readonly text: string;
}

/** Folders an OS userland fills: a program there that the table does not know may still be there. */
const OS_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/libexec', '/lib', '/usr/share', '/etc'];

/** The stages the final one is built on, earliest first (`FROM builder AS runtime` inherits builder). */
function chainOf(model: Model): { stages: Stage[]; image: string } {
  const out: Stage[] = [finalStage(model)];
  for (let hops = 0; hops < model.stages.length; hops++) {
    const s = out[0];
    const earlier = model.stages.find((e) => e.index < s.index && e.name?.toLowerCase() === s.image.toLowerCase());
    if (!earlier) break;
    out.unshift(earlier);
  }
  return { stages: out, image: out[0].image };
}

/** What the final image holds, as far as the file and the table tell. */
interface Image {
  readonly base: BaseImage;
  readonly name: string;
  readonly path: string[] | null;
  readonly workdir: string | null;
  /** Destinations of COPY/ADD (absolute), with the sources' base names. */
  readonly copies: readonly { readonly dest: string; readonly names: readonly string[]; readonly fromStage: boolean }[];
  /** Words of every RUN (a program they name may have been made or installed by them). */
  readonly runWords: ReadonlySet<string>;
  readonly instructions: readonly Instruction[];
}

function imageOf(model: Model): Image | null {
  const { stages, image } = chainOf(model);
  const ref = parseImage(resolveFromArgs(model, image));
  const base = baseImage(ref);
  if (!base) return null;
  let path: string[] | null = pathOf(base);
  let workdir: string | null = null;
  const copies: { dest: string; names: string[]; fromStage: boolean }[] = [];
  const runWords = new Set<string>();
  const instructions = stages.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
  for (const ins of instructions) {
    if (ins.keyword === 'WORKDIR') workdir = resolvePath(unquote(ins.args), workdir);
    else if (ins.keyword === 'ENV') {
      for (const [k, v] of ins.pairs) if (k === 'PATH') path = expandPath(v, path);
    } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const dest = copyTarget(ins, workdir);
      if (dest && !dest.includes('$')) copies.push({ dest: dest.replace(/(.)\/$/, '$1'), names: copySources(ins).map((s) => baseName(s.replace(/\/$/, ''))), fromStage: ins.flags.some((f) => f.name.toLowerCase() === 'from') });
    } else if (ins.keyword === 'RUN') {
      for (const w of (ins.json ?? ins.args.split(/[\s;&|()<>"'=]+/)).filter(Boolean)) runWords.add(w);
    }
  }
  return { base, name: ref.raw, path, workdir, copies, runWords, instructions };
}

/** `$PATH`/`${PATH}` expanded with the PATH before; any other variable makes it unknown (null). */
function expandPath(value: string, before: string[] | null): string[] | null {
  if (before === null && /\$\{?PATH\}?/.test(value)) return null;
  const v = value.replace(/\$\{?PATH\}?/g, (before ?? []).join(':'));
  return v.includes('$') ? null : v.split(':').filter(Boolean);
}

/**
 * A RUN may have made or installed the program: it names it (`apt-get install curl`, `ln -s … /usr/bin/x`), a
 * path ending in it, or (for an absolute path) its folder (`cp x /usr/local/bin/`).
 */
function madeByRun(img: Image, program: string): boolean {
  const name = baseName(program);
  const dir = program.slice(0, program.lastIndexOf('/'));
  for (const w of img.runWords) {
    if (w === program || w === name || w.endsWith('/' + name)) return true;
    if (dir && (w === dir || w === dir + '/')) return true;
  }
  return false;
}

const copied = (img: Image, path: string): boolean =>
  img.copies.some((c) => path === c.dest || isInside(path, c.dest) || (c.dest === '/' && c.names.includes(baseName(path))));

/** Why `program` (the first word of a start command) does not resolve in the image, or null. */
function unresolved(img: Image, program: string, pathBefore: readonly string[] | null): string | null {
  if (!program || program.includes('$')) return null;
  const { base } = img;
  if (madeByRun(img, program)) return null;
  if (program.includes('/')) {
    const abs = resolvePath(program, img.workdir);
    if (!abs || abs.includes('$') || abs.includes('*')) return null;
    if (copied(img, abs) || base.files.includes(abs)) return null;
    const name = baseName(abs);
    const inOs = OS_DIRS.some((d) => isInside(abs, d));
    if (inOs && base.tools.includes(name)) return null;
    if (base.userland && inOs && !KNOWN_PROGRAMS.has(name)) return null;
    return `${abs} is not in the image: not copied there and not part of ${img.name}`;
  }
  if (base.tools.includes(program)) return null;
  if (img.path === null) return null;
  for (const dir of img.path) if (copied(img, `${dir}/${program}`)) return null;
  // A file handed over from another stage under the program's name, to a folder off the PATH (that was on the
  // PATH before, when there is a before: a program that was off the PATH there too started no better).
  const dirOf = (p: string): string => p.slice(0, p.lastIndexOf('/')) || '/';
  const offPath = img.copies.find(
    (c) => c.fromStage && (baseName(c.dest) === program || c.names.includes(program)) && (!pathBefore || pathBefore.includes(baseName(c.dest) === program ? dirOf(c.dest) : c.dest)),
  );
  if (offPath) return `\`${program}\` is copied to ${offPath.dest}, which is not on the image's PATH (${img.path.join(':')})`;
  if (base.userland && !KNOWN_PROGRAMS.has(program)) return null;
  return `\`${program}\` is not on the image's PATH: not copied, not installed and not part of ${img.name}`;
}

/** The first word of a shell-form command (null when the splitter cannot tell, or it starts with a variable). */
function shellProgram(text: string): string | null {
  const script = splitShell(text);
  if (script.opaque || script.commands.length === 0) return null;
  return script.commands[0].name || null;
}

const lastOf = (list: readonly Instruction[], keyword: string): Instruction | undefined => [...list].reverse().find((i) => i.keyword === keyword);

/** HEALTHCHECK CMD …: its exec-form words, or its shell text; null for NONE or without one. */
function healthcheck(ins: Instruction | undefined): { json: readonly string[] | null; text: string } | null {
  if (!ins) return null;
  const m = /^\s*CMD\s+([\s\S]*)$/i.exec(ins.args);
  if (!m) return null;
  const body = m[1].trim();
  if (body.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(body);
      if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return { json: v as string[], text: body };
    } catch {
      /* shell form after all */
    }
  }
  return { json: null, text: body };
}

/** The PATH of the final image (null when the image or its PATH cannot be told). */
export const finalPath = (model: Model): string[] | null => imageOf(model)?.path ?? null;

/**
 * The problems that would stop the final image from starting, as far as can be known. `pathBefore`: the PATH of
 * the image this one replaces (the input's), to tell a program moved off the PATH from one that never was on it.
 */
export function startupProblems(model: Model, pathBefore: readonly string[] | null = null): StartupProblem[] {
  const img = imageOf(model);
  if (!img) return [];
  const problems: StartupProblem[] = [];
  const list = img.instructions;
  const shellIns = lastOf(list, 'SHELL');
  const hasShell = shellIns ? shellIns.json !== null && unresolved(img, shellIns.json[0] ?? '', pathBefore) === null : img.base.shell || copied(img, '/bin/sh');
  const needShell = (what: string): void => {
    if (!hasShell) problems.push({ key: `shell:${what}`, text: `the ${what} is in shell form, and ${img.name} has no shell` });
  };
  const check = (what: string, program: string | null): void => {
    if (program === null) return;
    const why = unresolved(img, program, pathBefore);
    if (why) problems.push({ key: `program:${what}:${program}`, text: `the ${what} cannot start: ${why}` });
  };
  // A shell-form RUN of the final stage itself runs at build time, on the same image.
  const finalRuns = finalStage(model).instructions.filter((i) => i.keyword === 'RUN' && !i.json);
  if (finalRuns.length && !hasShell) problems.push({ key: 'shell:RUN', text: `a RUN of the final stage is in shell form, and ${img.name} has no shell` });
  const entrypoint = lastOf(list, 'ENTRYPOINT');
  const cmd = lastOf(list, 'CMD');
  if (entrypoint) {
    if (entrypoint.json) check('ENTRYPOINT', entrypoint.json[0] ?? null);
    else {
      needShell('ENTRYPOINT');
      check('ENTRYPOINT', shellProgram(entrypoint.args));
    }
  } else if (cmd) {
    // The image's own ENTRYPOINT takes the CMD as its arguments: the CMD is no program then.
    if (!cmd.json) needShell('CMD');
    if (!img.base.entrypoint) check('CMD', cmd.json ? (cmd.json[0] ?? null) : shellProgram(cmd.args));
  }
  const health = healthcheck(lastOf(list, 'HEALTHCHECK'));
  if (health) {
    if (health.json) check('HEALTHCHECK', health.json[0] ?? null);
    else {
      needShell('HEALTHCHECK');
      check('HEALTHCHECK', shellProgram(health.text));
    }
  }
  const user = lastOf(list, 'USER')?.args.trim().split(':')[0] ?? '';
  if (user && !/^\d+$/.test(user) && !user.includes('$') && user !== 'root') {
    const made = img.runWords.has(user) || copied(img, '/etc/passwd');
    if (!made && !img.base.users.includes(user)) problems.push({ key: `user:${user}`, text: `USER ${user} does not exist in ${img.name} and no RUN creates it` });
  }
  return problems;
}

