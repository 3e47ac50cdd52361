// The file-system side of the tool (the core never touches it): the build context as a Project, reading
// Dockerfiles with clear errors, and atomic writes that refuse to clobber a file that changed meanwhile.
import { lstatSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asSent, type Project } from './analyze/project.ts';

const MAX_CONTEXT_FILE = 4 * 1024 * 1024;

/** The build context folder as a Project, as Docker would send it (lookups are cached; nothing is read until asked). */
export const nodeProject = (dir: string): Project => asSent(folderProject(dir));

function folderProject(dir: string): Project {
  const root = resolve(dir);
  const texts = new Map<string, string | undefined>();
  const lists = new Map<string, readonly string[]>();
  const inside = (p: string): string | undefined => {
    const abs = resolve(root, p);
    return abs === root || abs.startsWith(root + '/') ? abs : undefined;
  };
  return {
    known: true,
    read(p) {
      if (texts.has(p)) return texts.get(p);
      let text: string | undefined;
      const abs = inside(p);
      try {
        if (abs && statSync(abs).size <= MAX_CONTEXT_FILE) text = readFileSync(abs, 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(p, text);
      return text;
    },
    exists(p) {
      const abs = inside(p);
      if (!abs) return false;
      try {
        statSync(abs);
        return true;
      } catch {
        return false;
      }
    },
    list(d) {
      const cached = lists.get(d);
      if (cached) return cached;
      let names: string[] = [];
      const abs = inside(d);
      try {
        if (abs) names = readdirSync(abs, { withFileTypes: true }).map((e) => (e.isDirectory() ? e.name + '/' : e.name)).sort();
      } catch {
        names = [];
      }
      lists.set(d, names);
      return names;
    },
  };
}

export class FileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a Dockerfile as text; a folder, a missing or unreadable file is a FileError with a plain reason. */
export function readDockerfile(path: string): string {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new FileError(path, describeFsError(e));
  }
  if (st.isDirectory()) throw new FileError(path, 'is a folder');
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new FileError(path, describeFsError(e));
  }
  return decodeUtf8(path, bytes);
}

/**
 * Strict UTF-8 (BOM kept): a Latin-1 or binary file would come back with U+FFFD in place of its bytes, and
 * writing that back would lose them.
 */
export function decodeUtf8(path: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const loose = Buffer.from(bytes).toString('utf8');
    const line = loose.slice(0, loose.indexOf('\uFFFD')).split('\n').length;
    throw new FileError(path, `line ${line} is not UTF-8 text: not converted (its bytes could not be kept)`);
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'EROFS':
      return 'read-only file system';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

/**
 * Replaces `path` with `text` atomically (temp file + rename, mode kept). Refuses when the file changed since
 * it was read (`expected`), when it is a symlink (the rename would replace the link), or is not writable.
 */
export async function writeAtomic(path: string, text: string, expected: string): Promise<void> {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    throw new FileError(path, describeFsError(e));
  }
  if (st.isSymbolicLink()) throw new FileError(path, `is a symlink (to ${realpathSync(path)}): not rewritten; convert the target instead`);
  if (!st.isFile()) throw new FileError(path, 'is not a regular file');
  // Root passes the access check below, but a file without write bits is one its owner meant to protect.
  if ((st.mode & 0o222) === 0) throw new FileError(path, 'is read-only: not rewritten');
  let current: string;
  try {
    current = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileError(path, describeFsError(e));
  }
  // Already the output (another run on the same tree got there first): nothing to write.
  if (current === text) return;
  if (current !== expected) throw new FileError(path, 'changed while it was being converted: not written');
  const { default: writeFileAtomic } = await import('write-file-atomic');
  try {
    // Writability first: a rename would replace a read-only file the user meant to protect.
    const { accessSync, constants } = await import('node:fs');
    accessSync(path, constants.W_OK);
    await writeFileAtomic(path, text, { mode: st.mode & 0o7777, chown: { uid: st.uid, gid: st.gid } });
  } catch (e) {
    throw new FileError(path, describeFsError(e));
  }
}

export const joinPath = join;

/**
 * Adds `lines` (under `header`) at the end of a text file, creating it when missing; lines it already has are not
 * added again, and nothing the file holds is changed. Atomic like writeAtomic.
 */
export async function appendLines(path: string, lines: readonly string[], header: string): Promise<void> {
  const { current, text } = withLines(path, lines, header);
  if (text === null) return;
  if (current === null) {
    const { default: writeFileAtomic } = await import('write-file-atomic');
    try {
      await writeFileAtomic(path, text, { mode: 0o644 });
    } catch (e) {
      throw new FileError(path, describeFsError(e));
    }
  } else await writeAtomic(path, text, current);
}

/** appendLines for callers that must stay synchronous (the jscodeshift module). */
export function appendLinesSync(path: string, lines: readonly string[], header: string): void {
  const { text } = withLines(path, lines, header);
  if (text === null) return;
  const temp = `${path}.msd-convert-${process.pid}`;
  try {
    writeFileSync(temp, text, { flag: 'wx', mode: 0o644 });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new FileError(path, describeFsError(e));
  }
}

/** The file's text with the missing lines added (null: nothing to add), and its current text (null: none yet). */
function withLines(path: string, lines: readonly string[], header: string): { current: string | null; text: string | null } {
  let current: string | null = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT') throw new FileError(path, describeFsError(e));
  }
  const have = new Set((current ?? '').split(/\r?\n/).map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l));
  if (missing.length === 0) return { current, text: null };
  const eol = current?.includes('\r\n') ? '\r\n' : '\n';
  const head = !current ? '' : current.endsWith('\n') ? current + eol : current + eol + eol;
  return { current, text: `${head}${have.has(header) ? '' : header + eol}${missing.join(eol)}${eol}` };
}
