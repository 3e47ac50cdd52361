// A faster way to the arguments dockerfile-ast 0.7.1 finds in an instruction, for the text shapes nearly every
// Dockerfile has: words separated by blanks, lines continued by the escape character, blank and comment lines
// inside a continuation. The library builds each word one character at a time and creates positions through
// validating factories; on the corpus that was a quarter of everything a conversion allocates (measured with
// V8's sampling heap profiler). Here a word is sliced from the text.
//
// Only the shapes whose words the library takes verbatim are read here: an escape character that does not end
// its line (`\$`, `\"`, `\ x`), one inside a comment line, one at the very end, or a lone carriage return make
// `scanWords` answer null, and the caller falls back to the library's own scan. Where the library has quirks on
// the shapes read here, they are kept (the differential test in test/model/ast-scan.test.ts compares both on
// every instruction of the fixtures and the corpus, and on edge cases): a word continued on the next line with
// no blank before it joins it (`a\` + `b` is `ab`), a blank-only line in between drops the blanks before it, and
// a word cut by a continuation ends where its escape character stands.

/** One argument: its value and its [from, to) offsets in the scanned text. */
export interface Word {
  readonly value: string;
  readonly from: number;
  readonly to: number;
}

/** A character that ends a run of a word: a blank, a line end or the escape character. */
const stops = (code: number, esc: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === esc;
const isBlank = (c: string): boolean => c === ' ' || c === '\t';
const isEol = (c: string): boolean => c === '\n' || c === '\r';

/**
 * The index of the `\n` that ends a continuation whose escape character stands at `at` (blanks may follow it),
 * or -1 when the escape character does something else there.
 */
function continuationEnd(text: string, at: number): number {
  let j = at + 1;
  while (j < text.length && isBlank(text[j])) j++;
  if (text[j] === '\r') j++;
  return text[j] === '\n' ? j : -1;
}

/** The arguments of `text` (an instruction's text after its keyword), or null for a shape left to the library. */
export function scanWords(text: string, escape: string): Word[] | null {
  const words: Word[] = [];
  const n = text.length;
  const esc = escape.charCodeAt(0);
  // The word being read: where it starts, its text before the current run of characters, that run's start,
  // and the end of its last character. A word is made of runs when continuations join its parts.
  let from = -1;
  let done = '';
  let run = -1;
  let last = -1;
  // Where the word stopped at a continuation's escape character (-1: it did not).
  let cut = -1;
  // Between a continuation's escape character and the next character of an argument: blanks and line ends are
  // skipped there, `#` first on a line starts a comment line, and blanks at a line's start separate words.
  let gap = false;
  let blankLed = false;
  let lineStart = false;
  let comment = false;
  const close = (to: number): void => {
    words.push({ value: run === -1 ? done : done + text.slice(run, last), from, to });
    from = -1;
    done = '';
    run = -1;
    cut = -1;
  };
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (isBlank(c) || isEol(c)) {
      if (c === '\r' && text[i + 1] !== '\n') return null;
      if (gap) {
        if (isEol(c)) {
          blankLed = false;
          if (comment) {
            comment = false;
            lineStart = true;
          }
        } else blankLed = true;
      } else if (from !== -1) close(cut !== -1 ? cut : i);
      continue;
    }
    if (c === escape) {
      const eol = comment ? -1 : continuationEnd(text, i);
      if (eol === -1) return null;
      gap = true;
      lineStart = true;
      if (from !== -1) {
        // Blanks after the escape character move the cut to it even when an earlier one had cut the word.
        if (eol > i + 1 + (text[eol - 1] === '\r' ? 1 : 0) || cut === -1) cut = i;
        if (run !== -1) {
          done += text.slice(run, last);
          run = -1;
        }
      }
      i = eol;
      continue;
    }
    if (comment) continue;
    if (lineStart && c === '#') {
      comment = true;
      lineStart = false;
      continue;
    }
    lineStart = false;
    // A continuation line that starts with blanks: the word cut before it is complete.
    if (blankLed && cut !== -1) close(cut);
    blankLed = false;
    gap = false;
    cut = -1;
    if (from === -1) from = i;
    if (run === -1) run = i;
    // The rest of the run at once: characters that are neither blanks, line ends nor the escape character.
    let j = i + 1;
    while (j < n && !stops(text.charCodeAt(j), esc)) j++;
    last = j;
    i = j - 1;
  }
  if (from !== -1) close(cut !== -1 ? cut : n);
  return words;
}
