// debug-stage (opt-in, --debug-stage): a `debug` stage that starts from the runtime (`FROM runtime AS debug`)
// and adds a shell and basic tools for the runtime's family (debug-tools.ts). The debug stage has to come
// after the runtime, but `docker build` without --target builds the LAST stage: so the file ends with
// `FROM runtime`, an alias that repeats the runtime image unchanged. A default build still gives exactly the
// runtime image (and, with BuildKit, never builds the debug stage); `docker build --target debug .` gives the
// debug image. Verification and every transform treat the aliased stage as the final one (model.finalStage).
import { debugTools } from '../src/analyze/debug-tools.ts';
import type { Edit } from '../src/edits/apply.ts';
import { msg } from '../src/messages.ts';
import { finalStage, lastStage } from '../src/model/model.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

const DEBUG = 'debug';

function debugStage(ctx: TransformContext): TransformOutcome {
  if (!ctx.options.debugStage) return { edits: [] };
  const { model, fix, facts } = ctx;
  if (model.stages.some((s) => s.name?.toLowerCase() === DEBUG)) return { edits: [], notes: [msg('debug-stage-none', { why: 'the file already has a `debug` stage' })] };
  const final = finalStage(model);
  const last = lastStage(model);
  const tools = debugTools(facts);
  if ('skip' in tools) return { skip: msg('debug-stage-skip', { why: tools.skip }) };
  const edits: Edit[] = [];
  let name = final.name;
  if (!name) {
    if (model.stages.some((s) => s.name?.toLowerCase() === 'runtime')) return { skip: msg('debug-stage-skip', { why: 'the final stage has no name, and `runtime` names another stage' }) };
    name = 'runtime';
    edits.push(fix.replace([final.from.range[1], final.from.range[1]], ` ${fix.word('AS')} ${name}`, msg('debug-stage-name', { name })));
  }
  const stage = fix.block([`FROM ${name} AS ${DEBUG}`, ...tools.lines]);
  const added = msg('debug-stage-add', { stage: name, tools: tools.tools, shell: tools.shell });
  // The file already ends with `FROM <final>` (a test stage after an unsplit final stage): the debug stage goes before it.
  if (last !== final) return { edits: [...edits, fix.insertBefore(last.from, stage + fix.block(['']), added)] };
  edits.push(fix.append(stage, added, edits));
  const alias = fix.block(['', '# The default target (`docker build` without --target builds the last stage): the runtime image as it is', `FROM ${name}`]);
  edits.push({ range: [model.text.length, model.text.length], text: alias, reason: msg('debug-stage-default', { stage: name }) });
  return { edits };
}

const transform: Transform = {
  meta: {
    id: 'debug-stage',
    description: 'Add a `debug` stage: the runtime image with a shell and basic tools (opt-in: --debug-stage); the default target stays the runtime',
    safety: 'safe',
    kind: 'debug-stage',
    optIn: { option: 'debugStage' },
  },
  apply: debugStage,
};

export default transform;
