// The checks the sweep, the fuzz sample and `npm run fuzz` apply to every result, independently of the
// pipeline's own verify (a bug there must not hide a bad output). The library is passed in, so the tests use
// the sources and the fuzz script uses dist/.

/** Reasons that mean "the input is not a usable Dockerfile": the only acceptable errors. */
export const INPUT_ERRORS = new Set([
  'empty-file', 'binary-file', 'not-utf8', 'no-from', 'before-from', 'unknown-instruction', 'unterminated-continuation',
  'unterminated-heredoc', 'stray-carriage-return', 'duplicate-stage',
  'bad-arguments',
]);
/** Input errors that point at a line. */
const LINE_ERRORS = new Set(['before-from', 'unknown-instruction', 'unterminated-continuation', 'unterminated-heredoc', 'stray-carriage-return', 'duplicate-stage', 'bad-arguments']);

const messageText = (m) => (typeof m === 'string' ? m : String(m?.value));

/** Problems dockerfile-utils reports in `output` that it did not report in `input` (errors only). */
export function newValidatorProblems(validate, input, output) {
  // dockerfile-ast 0.7.1 throws on some comment lines inside continuations: such a file cannot be judged here
  // (the pipeline says so in a note), as it could not be there.
  const safe = (text) => {
    try {
      return validate(text);
    } catch {
      return null;
    }
  };
  const before = safe(input);
  const after = safe(output);
  if (!before || !after) return [];
  validate = (text) => (text === input ? before : after);
  const seen = new Map();
  for (const d of validate(input)) if (d.severity === 1) seen.set(messageText(d.message), (seen.get(messageText(d.message)) ?? 0) + 1);
  const fresh = [];
  for (const d of validate(output)) {
    if (d.severity !== 1) continue;
    const n = seen.get(messageText(d.message)) ?? 0;
    if (n > 0) seen.set(messageText(d.message), n - 1);
    else fresh.push(`line ${d.range.start.line + 1}: ${messageText(d.message)}`);
  }
  return fresh;
}

const fromTexts = (model) => model.stages.map((s) => model.text.slice(s.from.range[0], s.from.range[1]));

/**
 * Everything wrong with one result. `lib`: { parse, preservationProblems, validate }; `again(text)` converts
 * with the same options (for idempotence).
 */
export function resultProblems(lib, text, r, again) {
  const p = [];
  if (!r || typeof r.status !== 'string') return ['convert returned no result'];
  const id = r.reason?.id;
  if (r.status === 'error') {
    if (!INPUT_ERRORS.has(id)) p.push(`error that is not about the input: ${JSON.stringify(r.reason)}`);
    else if (LINE_ERRORS.has(id) && !(r.line >= 1)) p.push(`${id} without a line`);
    if (r.output !== text) p.push('an error result carries a changed text');
    return p;
  }
  if (r.status === 'skipped' && !r.reason) p.push('skipped without a reason');
  if (r.status === 'unchanged' || r.status === 'skipped') {
    if (r.output !== text) p.push(`${r.status} but the text changed`);
    return p;
  }
  if (r.status !== 'converted') return [`unknown status ${r.status}`];
  if (r.output === text) p.push('converted but the text is the same');
  if (!r.changes?.length || r.changes.some((c) => !c.transform || !c.message?.id)) p.push('converted without a reason for every change');
  let input;
  let output;
  try {
    input = lib.parse(text);
    output = lib.parse(r.output);
  } catch (e) {
    return [...p, `the output does not parse: ${e.message}`];
  }
  // Instructions the result says it replaced on purpose (a start command rewritten for distroless) may go.
  const key = (i) => `${i.keyword} ${i.rawArgs.replace(/\s+/g, ' ').trim()}`;
  const final = input.stages[input.stages.length - 1];
  const intended = new Set(final.instructions.filter((i) => ['CMD', 'ENTRYPOINT', 'EXPOSE'].includes(i.keyword) && (r.replaced ?? []).includes(key(i))));
  p.push(...lib.preservationProblems(input, r.output, intended).map((s) => `bytes: ${s}`));
  p.push(...newValidatorProblems(lib.validate, text, r.output).map((s) => `dockerfile-utils: ${s}`));
  if (input.stages.length > 1) {
    const a = fromTexts(input);
    const b = fromTexts(output);
    // Same stages, same FROM lines (a name may be added at the end: `FROM x` → `FROM x AS build`).
    if (a.length !== b.length || a.some((f, i) => b[i] !== f && !b[i].startsWith(f + ' '))) p.push('a multi-stage input was re-split or its stages changed');
  }
  const second = again(r.output);
  if (second.output !== r.output) p.push('converting the output again changes it');
  if (second.status === 'error') p.push(`converting the output again fails: ${JSON.stringify(second.reason)}`);
  return p;
}
