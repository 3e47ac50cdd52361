// Downloads, clones, archives and installers, classified by where what they fetch lands and who uses it:
// what lands in a temporary or source folder (or the app folder) only feeds the build and stays in the builder;
// a tool left at a path outside the app (`curl -o /usr/local/bin/x`, `tar -C /opt/x`) is copied to the runtime;
// `curl … | sh`, a downloaded package or installer changes the system in ways this tool does not follow, so
// the runtime runs it again on the builder's own base image; repository setups (keys, sources) are copied
// before the runtime installs its packages. Generic knowledge: no ecosystem owns these commands.
import { isInside, resolvePath } from '../model/paths.ts';
import { baseName, optionValue, positional, type Command } from '../model/shell.ts';
import type { Classified } from './contract.ts';

/** Folders whose content only feeds the build (or is deleted again): never handed to the runtime. */
export const SCRATCH = /^\/(tmp|var\/tmp|usr\/src|usr\/local\/src|build|root\/\.cache|root\/\.gnupg|var\/cache|var\/lib\/apt\/lists)(\/|$)/;
const URL = /^(https?|ftp):\/\//;
const SHELLS = /^(sh|bash|dash|zsh|ash|ksh)$/;
const INTERPRETERS = /^(python[\d.]*|perl|ruby|node|php[\d.]*)$/;
/** Setup scripts that only add a package repository (and its key) for the distro's package manager. */
const SOURCE_SETUPS = /deb\.nodesource\.com|rpm\.nodesource\.com|packagecloud\.io\/install\/repositories|dl\.yarnpkg\.com\/debian|packages\.microsoft\.com\/config/;
/** Package-manager configuration: where repositories and their keys live. */
const PACKAGE_CONFIG = /^\/(etc\/apt|usr\/share\/keyrings|etc\/apk|etc\/yum\.repos\.d|etc\/pki\/rpm-gpg)(\/|$)/;
const CHECKS = /^(sha1sum|sha256sum|sha512sum|md5sum|shasum|cksum)$/;
const CURL_VALUE = ['-o', '--output', '-H', '--header', '-u', '--user', '-A', '--user-agent', '-e', '--referer', '-x', '--proxy', '-m', '--max-time', '--retry', '--retry-delay', '--retry-max-time', '--connect-timeout', '-w', '--write-out', '-d', '--data', '-X', '--request', '-T', '--upload-file', '-b', '--cookie', '-c', '--cookie-jar', '--cacert', '--output-dir', '-K', '--config', '-r', '--range', '-C', '--continue-at', '--proto', '--tlsv1.2', '--limit-rate', '--resolve'];
const WGET_VALUE = ['-O', '--output-document', '-P', '--directory-prefix', '-o', '--output-file', '-a', '--append-output', '-t', '--tries', '-T', '--timeout', '-U', '--user-agent', '--header', '--user', '--password', '-e', '--execute', '--ca-certificate', '--post-data', '-w', '--wait', '-Q', '--quota', '--limit-rate'];
const TAR_VALUE = ['-C', '--directory', '-f', '--file', '--strip-components', '--exclude', '-T', '--files-from', '-X', '--exclude-from', '--transform', '--owner', '--group', '--mode', '-I', '--use-compress-program', '--wildcards'];
const GIT_VALUE = ['-b', '--branch', '--depth', '-c', '--config', '--origin', '-o', '--reference', '--separate-git-dir', '-j', '--jobs', '--filter', '--shallow-since', '--template'];

/** What a command's pipe partners are: the command feeding it (`curl … |`) and the one it feeds. */
export interface Pipe {
  readonly from?: Command;
  readonly to?: Command;
}

interface At {
  readonly workdir: string | null;
  readonly appDir: string | null;
}

/** Where a fetched path belongs: the build only (scratch, app), or the image (a place outside the app). */
function landing(path: string | null, at: At): 'build' | 'place' | null {
  if (path === null || path === '/' || path.includes('$') || path.includes('*')) return null;
  if (SCRATCH.test(path) || isInside(path, at.appDir)) return 'build';
  return 'place';
}

/** Files that are only ever unpacked, installed or checked: a build input wherever they land. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|zip|gz|bz2|xz|zst|7z|deb|rpm|apk|asc|sig|sha\d*|md5|sha\d+sum)$/i;

/** The command a path lands at decides its role: `fetch` (build input), a place outside the app, or unknown. */
function landed(cmd: Command, path: string | null, at: At): Classified {
  if (path && ARCHIVE.test(path) && path !== '/') return { command: cmd, role: 'fetch', fetches: [path] };
  // A file of a package-source folder, named by a variable: the folder is what the runtime needs.
  if (path && path.includes('$') && PACKAGE_CONFIG.test(path)) {
    const dir = path.slice(0, path.lastIndexOf('/'));
    if (!dir.includes('$')) return { command: cmd, role: 'system-packages', sources: [dir] };
  }
  const where = landing(path, at);
  if (where === 'build') return { command: cmd, role: 'fetch', fetches: [path!] };
  if (where === 'place') {
    if (PACKAGE_CONFIG.test(path!)) return { command: cmd, role: 'system-packages', sources: [path!], fetches: [path!] };
    return { command: cmd, role: 'system-config', places: [path!], fetches: [path!] };
  }
  return { command: cmd, role: 'unknown' };
}

const urlOf = (args: readonly string[]): string | undefined => args.find((a) => URL.test(a) || /^\$\{?\w*URL\w*\}?/i.test(a));

/** The file name a URL saves to (`…/x.tar.gz?download=1` → `x.tar.gz`), or null when a variable hides it. */
function urlFile(url: string | undefined): string | null {
  if (!url) return null;
  const name = baseName(url.replace(/[?#].*$/, '').replace(/\/$/, ''));
  return name && !name.includes('$') && !URL.test(name) ? name : null;
}

/** A one-letter option bundled with others (`-fsSLo FILE`, `-qO- `, `-qOfile`): its value, or undefined. */
function bundled(args: readonly string[], letter: string): string | undefined {
  for (let k = 0; k < args.length; k++) {
    const m = new RegExp(`^-[a-zA-Z]*${letter}(.*)$`).exec(args[k]);
    if (!m || args[k].startsWith('--')) continue;
    return m[1] !== '' ? m[1] : args[k + 1];
  }
  return undefined;
}

/** curl/wget: where the download goes (a file, or the pipe). */
function download(cmd: Command, pipe: Pipe, at: At): Classified | null {
  const args = cmd.args;
  let out: string | undefined;
  let dir: string | undefined;
  if (cmd.base === 'curl') {
    out = optionValue(args, ['-o', '--output']) ?? bundled(args, 'o');
    dir = optionValue(args, ['--output-dir']);
    if (!out && args.some((a) => a === '-O' || a === '--remote-name' || /^-[a-zA-Z]*O[a-zA-Z]*$/.test(a) || a === '--remote-name-all')) out = urlFile(urlOf(positional(args, CURL_VALUE))) ?? '';
  } else {
    out = optionValue(args, ['-O', '--output-document']) ?? bundled(args, 'O');
    dir = optionValue(args, ['-P', '--directory-prefix']);
    if (out === undefined && !cmd.writes.length && !pipe.to) out = urlFile(urlOf(positional(args, WGET_VALUE))) ?? '';
  }
  if (cmd.writes.length) out = cmd.writes[cmd.writes.length - 1];
  if (out === '-' || (out === undefined && pipe.to)) return { command: cmd, role: 'fetch' }; // the consumer decides
  if (out === undefined) return { command: cmd, role: 'neutral' }; // printed (a check, a version)
  const base = dir ? resolvePath(dir, at.workdir) : at.workdir;
  if (out === '') {
    // Saved under a name a variable hides: fine where the folder only feeds the build.
    const raw = urlOf(positional(args, cmd.base === 'curl' ? CURL_VALUE : WGET_VALUE));
    const name = raw ? baseName(raw.replace(/[?#].*$/, '')) : '';
    return landing(base, at) === 'build' && name ? { command: cmd, role: 'fetch', fetches: [`${base}/${name}`] } : { command: cmd, role: 'unknown' };
  }
  return landed(cmd, resolvePath(out, base), at);
}

/** tar/unzip: the folder it unpacks to (or the pipe's content, when it reads one). */
function unpack(cmd: Command, at: At): Classified | null {
  if (cmd.base === 'unzip') {
    const dir = optionValue(cmd.args, ['-d']);
    return landed(cmd, resolvePath(dir ?? '.', at.workdir), at);
  }
  const mode = cmd.args.find((a) => /^-?[a-zA-Z]+$/.test(a) && a !== '-C' && /[xct]/.test(a.replace(/^-/, ''))) ?? '';
  const extract = /x/.test(mode.replace(/^-/, '')) || cmd.args.includes('--extract') || cmd.args.includes('--get');
  if (!extract) return { command: cmd, role: /c/.test(mode) ? 'fetch' : 'neutral' };
  // `-C dir`, or `C` among the bundled mode letters (`tar -xzC /usr/local/bin`, `tar xJC /usr/bin/`).
  const bundled = /^-?[a-zA-Z]*C[a-zA-Z]*$/.test(mode) && !/^-C$/.test(mode) ? positional(cmd.args.slice(cmd.args.indexOf(mode) + 1))[0] : undefined;
  const dir = optionValue(cmd.args, ['-C', '--directory']) ?? bundled;
  return landed(cmd, resolvePath(dir ?? '.', at.workdir), at);
}

/** `git clone URL [DIR]`: sources, or a tool's folder when it stays outside the app. */
function git(cmd: Command, at: At): Classified {
  const [sub, url, dir] = positional(cmd.args, GIT_VALUE);
  if (sub !== 'clone') return { command: cmd, role: 'fetch' }; // checkout, submodule, config, fetch: inside a clone
  const name = dir ?? urlFile(url)?.replace(/\.git$/, '') ?? null;
  return landed(cmd, name === null ? null : resolvePath(name, at.workdir), at);
}

/** A local package file (`./x.deb`, `/tmp/x.rpm`) rather than a package name. */
export const isPackageFile = (pkg: string): boolean => pkg.includes('/') || /\.(deb|rpm|apk)$/.test(pkg);

/**
 * Downloads, archives, clones, checks and installers: the command's role and what it leaves, or null when it
 * is none of these. `fetched`: base names of what earlier commands of the same RUN downloaded.
 */
export function fetchCommand(cmd: Command, pipe: Pipe, at: At, fetched: ReadonlySet<string>): Classified | null {
  const name = cmd.base;
  const source = pipe.from && (pipe.from.base === 'curl' || pipe.from.base === 'wget') ? pipe.from : undefined;
  if (source) {
    // What a download feeds decides: an interpreter runs an installer, tar unpacks, apt-key and gpg take keys.
    const url = urlOf(source.args) ?? '';
    if (SHELLS.test(name) || name === 'sudo' || (INTERPRETERS.test(name) && positional(cmd.args).every((a) => a === '-'))) {
      if (SOURCE_SETUPS.test(url)) return { command: cmd, role: 'system-packages', sources: ['/etc/apt', '/usr/share/keyrings', '/etc/yum.repos.d', '/etc/pki/rpm-gpg'] };
      return { command: cmd, role: 'system-config', installer: true };
    }
  }
  if (name === 'curl' || name === 'wget') return download(cmd, pipe, at);
  if (name === 'tar' || name === 'bsdtar' || name === 'unzip') return unpack(cmd, at);
  if (name === 'git') return git(cmd, at);
  if (CHECKS.test(name)) return { command: cmd, role: 'neutral' };
  if (name === 'apt-key' || name === 'add-apt-repository' || name === 'apt-add-repository') return { command: cmd, role: 'system-packages', sources: ['/etc/apt'] };
  if (name === 'gpg' || name === 'gpg2') {
    const out = optionValue(cmd.args, ['-o', '--output']) ?? cmd.writes[0];
    if (out) return landed(cmd, resolvePath(out, at.workdir), at);
    return { command: cmd, role: 'fetch' }; // --import, --verify, --recv-keys: checks of a download
  }
  if (name === 'tee' && pipe.from) {
    const [file] = positional(cmd.args);
    return file ? landed(cmd, resolvePath(file, at.workdir), at) : null;
  }
  if (/^(gunzip|gzip|xz|unxz|bunzip2|bzip2|zstd|unzstd)$/.test(name)) return cmd.writes.length ? landed(cmd, resolvePath(cmd.writes[0], at.workdir), at) : { command: cmd, role: 'fetch' };
  // A package or installer this RUN downloaded: it changes the system in ways this tool does not follow.
  const files = positional(cmd.args).map((a) => baseName(a));
  if ((name === 'dpkg' && cmd.args.some((a) => /^(-i|--install|-[a-zA-Z]*i)$/.test(a))) || (name === 'rpm' && cmd.args.some((a) => /^-[a-zA-Z]*[iU]/.test(a)))) {
    return { command: cmd, role: 'system-config', installer: true };
  }
  // A bare name is looked up on the PATH, not among the downloads (`memcached -V` after `make install`).
  if (((SHELLS.test(name) || INTERPRETERS.test(name)) && files.some((f) => fetched.has(f))) || (cmd.name.includes('/') && fetched.has(name))) return { command: cmd, role: 'system-config', installer: true };
  return null;
}
