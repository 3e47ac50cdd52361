// One small glob matcher for both `.gitignore` lines and --include/--exclude, with gitignore's rules: a
// pattern without a slash matches a name at any depth, one with a slash is anchored at its base folder, and a
// pattern that matches a folder matches everything below it. `*` and `?` stay within one path segment, `**`
// crosses segments; `[...]` and `{a,b}` work as in shells.

export interface GlobRule {
  readonly negate: boolean;
  /** The pattern ended with `/`: it only matches folders. */
  readonly dirOnly: boolean;
  readonly re: RegExp;
}

function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const slashAfter = glob[i + 2] === '/';
        const atEnd = i + 2 === glob.length;
        i++;
        if (atStart && slashAfter) {
          out += '(?:.*/)?';
          i++;
        } else if (atStart && atEnd) out += '.*';
        else out += '[^/]*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${glob.slice(i + 1, close).split(',').map(translate).join('|')})`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += escape(glob[++i]!);
    else out += escape(c);
  }
  return out;
}

const escape = (c: string): string => c.replace(/[.+^$()|[\]{}\\/]/g, '\\$&');

/** Parses one pattern (gitignore syntax); undefined for blank lines and comments. */
export function globRule(line: string): GlobRule | undefined {
  let p = line.replace(/(?<!\\)\s+$/, '');
  if (!p || p.startsWith('#')) return undefined;
  const negate = p.startsWith('!');
  if (negate) p = p.slice(1);
  else if (p.startsWith('\\!') || p.startsWith('\\#')) p = p.slice(1);
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  if (p.startsWith('./')) p = p.slice(2);
  if (!p) return undefined;
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  return { negate, dirOnly, re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${translate(p)}$`) };
}

export function globRules(lines: readonly string[]): GlobRule[] {
  return lines.map(globRule).filter((r): r is GlobRule => r !== undefined);
}

/**
 * The verdict of `rules` for a `/`-separated relative path: the last matching rule wins (true = matched,
 * false = re-included by a `!` rule, undefined = no rule matched). `isDir` says whether the path itself is a
 * folder; its parent folders are tried too, so a folder pattern covers what is inside.
 */
export function verdict(rules: readonly GlobRule[], rel: string, isDir: boolean): boolean | undefined {
  let result: boolean | undefined;
  const parts = rel.split('/');
  for (let n = 1; n <= parts.length; n++) {
    const prefix = parts.slice(0, n).join('/');
    const dir = n < parts.length || isDir;
    for (const r of rules) {
      if (r.dirOnly && !dir) continue;
      if (r.re.test(prefix)) result = !r.negate;
    }
    // git cannot re-include a file when one of its parent folders is excluded.
    if (result === true && n < parts.length) return true;
  }
  return result;
}

/** True when any of the paths matches (as a file) any of the patterns. */
export function matchesAny(rules: readonly GlobRule[], paths: readonly string[]): boolean {
  return paths.some((p) => verdict(rules, p, false) === true);
}

export const hasGlobChars = (s: string): boolean => /[*?[{]/.test(s);
