// A small POSIX-shell splitter for RUN bodies: enough to tell which commands run and with which words
// (quotes, escapes, $(...), `...`, && || ; | &, redirections, leading VAR=value assignments, if/then/for/do
// keywords, here-documents fed to a command, whose bodies are data). It is not a shell parser; anything it
// cannot follow is marked `opaque` so callers stay careful.

export interface Word {
  /** The word with quotes and escapes removed (variables are left as written). */
  readonly value: string;
  readonly start: number; // offsets into the string that was split
  readonly end: number;
}

export interface Command {
  readonly name: string;
  /** The name without its folder (`/usr/bin/apt-get` → `apt-get`): what most questions about a command ask. */
  readonly base: string;
  readonly args: readonly string[];
  readonly words: readonly Word[];
  /** VAR=value assignments before the command name. */
  readonly env: Readonly<Record<string, string>>;
  readonly start: number;
  readonly end: number;
  /** The separator after this command ('' at the end). */
  readonly sep: string;
  /** Redirection targets (`> file`, `>> file`). */
  readonly writes: readonly string[];
  /** It runs inside a compound command (if, for, while, case, { }): it cannot be taken out on its own. */
  readonly nested?: boolean;
  /** How many subshells `( … )` it runs in: a `cd` there does not outlast them. */
  readonly subshell?: number;
}

export interface Script {
  readonly commands: readonly Command[];
  /** True when the splitter met something it does not follow (function definition, unbalanced quote). */
  readonly opaque: boolean;
  /** The script uses compound commands (if, for, while, case, { }): its commands cannot be taken apart. */
  readonly compound?: boolean;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', '!', '{', '}', 'time']);
const SEPARATORS = ['&&', '||', ';;', ';', '|', '&', '\n'];

// Character classes by code for the ASCII range (the splitter visits every character of every RUN); anything
// above it is asked of \s, which also knows the Unicode blanks.
const table = (chars: string): Uint8Array => {
  const t = new Uint8Array(128);
  for (const ch of chars) t[ch.charCodeAt(0)] = 1;
  return t;
};
const BLANK = table(' \t\n\v\f\r');
const BREAK = table(' \t\n\v\f\r;&|()<>'); // ends a word
const QUOTING = table('\\\'"$`'); // needs the word loop's care
const inClass = (t: Uint8Array, ch: string): boolean => {
  const k = ch.charCodeAt(0);
  return k < 128 ? t[k] === 1 : /\s/.test(ch);
};

export function splitShell(src: string): Script {
  const commands: Command[] = [];
  let opaque = false;
  let compound = false;
  let depth = 0; // open compound commands
  let sub = 0; // open subshells
  let cases = 0; // open `case … esac` blocks, whose `pattern)` words are not commands
  // Here-documents opened on the current line: their bodies start after its newline and are data.
  const pending: { delim: string; tabs: boolean }[] = [];
  let words: Word[] = [];
  let writes: string[] = [];
  let cmdStart = -1;
  let i = 0;
  const n = src.length;
  let redirect = false;
  let forHeader = false;

  const finish = (sep: string, at: number): void => {
    let k = 0;
    const env: Record<string, string> = {};
    let opened = depth > 0;
    let caseHeader = false;
    // Leading keywords and assignments are not the command.
    while (k < words.length) {
      const w = words[k].value;
      if (KEYWORDS.has(w)) {
        if (w !== '!' && w !== 'time') compound = true;
        if (/^(if|for|while|until|case|\{)$/.test(w)) {
          depth++;
          opened = true;
        } else if (/^(fi|done|esac|\})$/.test(w)) depth = Math.max(0, depth - 1);
        if (w === 'case') caseHeader = true;
        if (w === 'esac') cases = Math.max(0, cases - 1);
        k++;
      } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
        const eq = w.indexOf('=');
        env[w.slice(0, eq)] = w.slice(eq + 1);
        k++;
      } else break;
    }
    const rest = words.slice(k);
    if (caseHeader) {
      // `case WORD in` is not a command; its `pattern)` lines follow.
      cases++;
    } else if (forHeader || (rest.length && rest[0].value === 'for')) {
      // `for x in a b c` — not a command
    } else if (rest.length > 0) {
      commands.push({
        name: rest[0].value,
        base: baseName(rest[0].value),
        args: rest.slice(1).map((w) => w.value),
        words: rest,
        env,
        start: rest[0].start,
        end: at,
        sep,
        writes,
        ...(opened ? { nested: true } : {}),
        ...(sub > 0 ? { subshell: sub } : {}),
      });
    } else if (Object.keys(env).length && commands.length >= 0) {
      commands.push({ name: '', base: '', args: [], words: [], env, start: cmdStart, end: at, sep, writes, ...(opened ? { nested: true } : {}) });
    }
    words = [];
    writes = [];
    cmdStart = -1;
    forHeader = false;
  };

  while (i < n) {
    const c = src[i];
    // Any blank but the newline (a separator): the word loop below stops at every \s, so a blank this
    // skipped over (U+2028, NBSP, \f, \v) would otherwise stop it before the first character, forever.
    if (c !== '\n' && inClass(BLANK, c)) {
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || inClass(BLANK, src[i - 1]))) {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    const sep = c === '&' || c === '|' || c === ';' || c === '\n' ? SEPARATORS.find((s) => src.startsWith(s, i)) : undefined;
    if (sep && !(sep === '&' && src[i + 1] === '>')) {
      if (sep === '\n' && pending.length) {
        // The here-document bodies follow this line: the command ends after them (they are its data).
        i = skipHeredocs(src, i + 1, pending.splice(0));
        finish(';', src[i - 1] === '\n' ? i - 1 : i);
        continue;
      }
      finish(sep === '\n' ? ';' : sep, i);
      i += sep.length;
      continue;
    }
    if (c === ')' && cases > 0 && words.length > 0 && src[i + 1] !== ')') {
      // `amd64|arm64)` in a case block: a pattern, not a command.
      words = [];
      writes = [];
      cmdStart = -1;
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      if (c === '(' && words.length > 0 && src[i + 1] === ')') opaque = true; // function definition
      finish(';', i);
      sub = c === '(' ? sub + 1 : Math.max(0, sub - 1);
      i++;
      continue;
    }
    if (c === '<' && src.startsWith('<<', i) && src[i + 2] !== '<') {
      // A here-document fed to the command: its body (after this line) is data, not commands.
      const m = /^<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/.exec(src.slice(i, i + 200));
      if (!m) {
        opaque = true;
        i += 2;
        continue;
      }
      pending.push({ delim: m[3], tabs: m[1] === '-' });
      i += m[0].length;
      continue;
    }
    if (c === '>' || c === '<' || (c === '&' && src[i + 1] === '>') || (/\d/.test(c) && /^\d+[<>]/.test(src.slice(i, i + 3)))) {
      while (i < n && /[0-9&<>|]/.test(src[i])) {
        if (src[i] === '&' && /\d/.test(src[i + 1] ?? '')) {
          i += 2;
          redirect = false;
          break;
        }
        i++;
        redirect = true;
      }
      continue;
    }
    // A word.
    const start = i;
    let value = '';
    while (i < n) {
      const ch = src[i];
      if (inClass(BREAK, ch)) {
        if ((ch === '<' || ch === '>') && src[i + 1] === '(') {
          // process substitution: keep as part of the word
        } else break;
      }
      if (ch === '\\') {
        value += src[i + 1] ?? '';
        i += 2;
      } else if (ch === "'") {
        const close = src.indexOf("'", i + 1);
        if (close === -1) {
          opaque = true;
          value += src.slice(i + 1);
          i = n;
        } else {
          value += src.slice(i + 1, close);
          i = close + 1;
        }
      } else if (ch === '"') {
        i++;
        while (i < n && src[i] !== '"') {
          if (src[i] === '\\' && i + 1 < n) {
            value += src[i + 1];
            i += 2;
          } else if (src[i] === '$' && src[i + 1] === '(') {
            const end = matchParen(src, i + 1);
            value += src.slice(i, end);
            i = end;
          } else value += src[i++];
        }
        if (i >= n) opaque = true;
        i++;
      } else if (ch === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) {
        const end = src[i + 1] === '(' ? matchParen(src, i + 1) : matchBrace(src, i + 1);
        if (end > n) opaque = true;
        value += src.slice(i, end);
        i = end;
      } else if (ch === '`') {
        const close = src.indexOf('`', i + 1);
        if (close === -1) opaque = true;
        const end = close === -1 ? n : close + 1;
        value += src.slice(i, end);
        i = end;
      } else {
        // A run of plain characters goes in one slice.
        let j = i + 1;
        for (; j < n; j++) {
          const k = src.charCodeAt(j);
          if (k < 128 ? BREAK[k] === 1 || QUOTING[k] === 1 : /\s/.test(src[j])) break;
        }
        value += src.slice(i, j);
        i = j;
      }
    }
    if (redirect) {
      writes.push(value);
      redirect = false;
      continue;
    }
    if (cmdStart < 0) cmdStart = start;
    if (value === 'for' && words.every((w) => KEYWORDS.has(w.value))) forHeader = true;
    words.push({ value, start, end: i });
  }
  finish('', n);
  if (pending.length) opaque = true; // a here-document that never starts
  return { commands, opaque, compound };
}

/** The offset after the bodies of `docs`, which start at `at` (each ends with a line holding its delimiter). */
function skipHeredocs(src: string, at: number, docs: readonly { delim: string; tabs: boolean }[]): number {
  let i = at;
  for (const d of docs) {
    for (;;) {
      if (i >= src.length) return src.length;
      const eol = src.indexOf('\n', i);
      const line = src.slice(i, eol === -1 ? src.length : eol).replace(/\r$/, '');
      i = eol === -1 ? src.length : eol + 1;
      if ((d.tabs ? line.replace(/^\t+/, '') : line) === d.delim) break;
    }
  }
  return i;
}

/**
 * The script of a heredoc RUN (`RUN <<EOF`, `RUN bash <<-EOT`): its first line names only a shell and the
 * here-document, and nothing follows the closing delimiter. The body's offsets in `src` are `start`..`end`.
 */
export function heredocScript(src: string): { readonly start: number; readonly end: number } | null {
  const m = /^\s*(?:(?:\/usr)?(?:\/bin\/)?(?:ba|da)?sh(?:[ \t]+-[a-z]+)*[ \t]+)?<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2[ \t]*\r?\n/.exec(src);
  if (!m) return null;
  const start = m[0].length;
  const lines = src.slice(start).split('\n');
  let offset = start;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].replace(/\r$/, '');
    if ((m[1] === '-' ? line.replace(/^\t+/, '') : line) === m[3]) {
      return lines.slice(k + 1).join('\n').trim() === '' ? { start, end: offset } : null;
    }
    offset += lines[k].length + 1;
  }
  return null;
}

function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === "'") i = src.indexOf("'", i + 1) === -1 ? src.length : src.indexOf("'", i + 1);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return src.length + 1;
}

function matchBrace(src: string, open: number): number {
  const close = src.indexOf('}', open);
  return close === -1 ? src.length + 1 : close + 1;
}

/** Options (words starting with -) removed; `-o value` style options listed in `withValue` drop their value too. */
export function positional(args: readonly string[], withValue: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '--') {
      out.push(...args.slice(k + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (withValue.includes(a)) k++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/** The value of an option given as `-o value`, `-o=value`, `--out value` or `--out=value`. */
export function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    for (const name of names) {
      if (a === name) return args[k + 1];
      if (a.startsWith(name + '=')) return a.slice(name.length + 1);
    }
  }
  return undefined;
}

/** A path's last part (`./mvnw` → `mvnw`, `/usr/bin/pip3` → `pip3`). */
export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** `tool --version`, `tool -v`, `tool version`, `tool --info`: asks about the tool and changes nothing. */
export const isVersionQuery = (cmd: Command): boolean => cmd.args.length === 1 && /^(--?version|-[vV]|version|--info)$/.test(cmd.args[0]);
