// The argument rules Docker's own parser applies before any build starts (moby/buildkit
// frontend/dockerfile/parser + instructions). An instruction that breaks one is an input error: Docker would
// reject the file, and a tool that moved or repeated such a line (or named the stage of a broken FROM)
// would only spread the damage. Only rules that need no variable expansion are checked here.
import type { Instruction } from './model.ts';

/** The first instruction whose arguments Docker rejects, with the reason in Docker's words, or null. */
export function firstArgumentProblem(instructions: readonly Instruction[], escape: string): { ins: Instruction; problem: string } | null {
  const stages = new Set<string>();
  for (const ins of instructions) {
    const problem = argumentProblem(ins, escape, stages);
    if (problem) return { ins, problem };
  }
  return null;
}

function argumentProblem(ins: Instruction, escape: string, stages: Set<string>): string | null {
  if (ins.heredoc) return null;
  switch (ins.keyword) {
    case 'FROM': {
      const words = joined(ins.rawArgs, escape).trim().split(/\s+/).filter(Boolean);
      const problem = fromProblem(words, stages);
      if (words.length === 3) stages.add(words[2].toLowerCase());
      return problem;
    }
    case 'COPY':
    case 'ADD': {
      // JSON form (parse.ts reads it like Docker does) or blank-separated words.
      const n = ins.json ? ins.json.length : joined(ins.rawArgs, escape).trim().split(/\s+/).filter(Boolean).length;
      return n < 2 ? `${ins.keyword} requires at least two arguments` : null;
    }
    case 'ENV':
    case 'LABEL':
      return nameValueProblem(ins.keyword, joined(ins.rawArgs, escape), escape);
    default:
      return null;
  }
}

/**
 * The arguments as Docker's line reader hands them over: escape + line end removed (no blank put in its
 * place), comment and empty lines inside the continuation dropped.
 */
export function joined(raw: string, escape: string): string {
  const cont = continuation(escape);
  if (!raw.includes('\n')) return raw.replace(cont, '').replace(/\r$/, ''); // one line, the common case
  const lines = raw.split('\n');
  return lines
    .filter((l, k) => k === 0 || (!/^\s*#/.test(l) && l.replace(/\r$/, '').trim() !== ''))
    .map((l) => l.replace(cont, '').replace(/\r$/, ''))
    .join('');
}

const CONTINUATIONS = new Map<string, RegExp>();
/** Escape + line end (the escape character is `\\` or a backtick). */
function continuation(escape: string): RegExp {
  let re = CONTINUATIONS.get(escape);
  if (!re) CONTINUATIONS.set(escape, (re = new RegExp(`${escape === '\\' ? '\\\\' : escape}[ \\t]*\\r?$`)));
  return re;
}

// distribution/reference's grammar (reference.Parse): [domain/]path[:tag][@digest], path components lower-case.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

function fromProblem(words: string[], stages: Set<string>): string | null {
  // Docker: one argument, or three with AS in the middle; the stage name is lower-cased and checked.
  if (!(words.length === 1 || (words.length === 3 && words[1].toLowerCase() === 'as'))) return 'FROM requires either one or three arguments';
  if (words.length === 3 && !/^[a-z][a-z0-9-_.]*$/.test(words[2].toLowerCase())) return `invalid name for build stage: "${words[2]}"`;
  const image = words[0];
  // A reference with a variable is only known after ARG expansion; an earlier stage's name need not be a reference;
  // characters no reference has (`%%TAG%%`, `{{version}}`) are a template's placeholders, filled in before a build.
  if (/[^\w.:/@[\]-]/.test(image) || stages.has(image.toLowerCase()) || REFERENCE.test(image)) return null;
  return `invalid reference format: "${image}"`;
}

/**
 * ENV and LABEL (buildkit parseNameVal): `KEY name value` when the first word has no `=`, else every word must
 * be `name=value`. Words are split like Docker does: blanks outside quotes, the escape keeps the next character.
 */
function nameValueProblem(keyword: string, rest: string, escape: string): string | null {
  const words = wordsOf(rest, escape);
  if (words.length === 0) return `${keyword} requires at least one argument`;
  // A quote left open: the build's word processing stops there (`ENV CONFIG "/config`).
  if (words.open) return `failed to process ${JSON.stringify(words[words.length - 1])}: unexpected end of statement while looking for matching ${words.open === '"' ? 'double' : 'single'}-quote`;
  if (!words[0].includes('=')) return rest.trim().split(/\s+/).length < 2 ? `${keyword} must have two arguments` : null;
  const bad = words.find((w) => !w.includes('='));
  return bad === undefined ? null : `Syntax error - can't find = in "${bad}". Must be of the form: name=value`;
}

function wordsOf(rest: string, escape: string): string[] & { open?: string } {
  // Every character of a word is kept as written (quotes and escapes too): a word is a slice of the text.
  const words: string[] & { open?: string } = [];
  let start = -1;
  let quote = '';
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (!quote && /\s/.test(ch)) {
      if (start !== -1) words.push(rest.slice(start, i));
      start = -1;
      continue;
    }
    if (start === -1) start = i;
    if (ch === escape && quote !== "'" && i + 1 < rest.length) {
      i++;
      continue;
    }
    if (quote && ch === quote) quote = '';
    else if (!quote && (ch === '"' || ch === "'")) quote = ch;
  }
  if (start !== -1) words.push(rest.slice(start));
  if (quote) words.open = quote;
  return words;
}
