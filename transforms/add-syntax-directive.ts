// add-syntax-directive: `# syntax=docker/dockerfile:1` as the first line when the Dockerfile uses BuildKit-only
// features (RUN --mount, COPY --link, heredocs, ...) and names no frontend yet, so every builder parses it with
// a frontend that knows them. It goes after a BOM and before any other directive: directives are only read at
// the very top, and a line in front of `# escape=` would turn that directive into a comment.
import type { Edit } from '../src/edits/apply.ts';
import { msg } from '../src/messages.ts';
import type { Model } from '../src/model/model.ts';
import type { Transform, TransformContext, TransformOutcome } from '../src/types.ts';

export const SYNTAX_LINE = '# syntax=docker/dockerfile:1';

/** Flags the classic builder does not know, by keyword. */
const BUILDKIT_FLAGS: Readonly<Record<string, readonly string[]>> = {
  RUN: ['mount', 'network', 'security'],
  COPY: ['link', 'chmod', 'parents', 'exclude'],
  ADD: ['link', 'chmod', 'checksum', 'keep-git-dir', 'exclude'],
};

/** The BuildKit-only features the file uses, each named once (`RUN --mount`, `heredoc`). */
export function buildkitFeatures(m: Model): string[] {
  const found = new Set<string>();
  for (const ins of m.instructions) {
    for (const f of ins.flags) if (BUILDKIT_FLAGS[ins.keyword]?.includes(f.name.toLowerCase())) found.add(`${ins.keyword} --${f.name.toLowerCase()}`);
    if (ins.heredoc) found.add('heredocs');
  }
  return [...found];
}

function addSyntax(ctx: TransformContext): TransformOutcome {
  const { model } = ctx;
  if (model.directives.some((d) => d.name === 'syntax')) return { edits: [] };
  const features = buildkitFeatures(model);
  if (features.length === 0) return { edits: [] };
  const at = model.bom ? 1 : 0;
  const edit: Edit = ctx.fix.replace([at, at], SYNTAX_LINE + model.eol, msg('syntax-add', { features: features.join(', ') }));
  return { edits: [edit] };
}

const transform: Transform = {
  meta: {
    id: 'add-syntax-directive',
    description: 'Put `# syntax=docker/dockerfile:1` on top when the file uses BuildKit-only features',
    safety: 'safe',
    kind: 'syntax',
  },
  apply: addSyntax,
};

export default transform;
