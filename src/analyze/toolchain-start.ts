// Starts that run the toolchain (`go run .`, `cargo run --release`, `dotnet run`): the split builds the app in
// the builder, with the same flags and in the same folder and environment the start command had, and the
// runtime starts the built artifact with the start command's own arguments. Shared by the ecosystems that
// have such a start; each says how its tool's words map to a build and an artifact.
import { msg } from '../messages.ts';
import type { Instruction } from '../model/model.ts';
import type { Facts, Insertion, SplitPlan } from './contract.ts';
import type { ToolStart } from './entry.ts';

/** A word as the shell must see it: bare when it is plain, else in single quotes. */
export const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/**
 * A word of a rewritten start in shell form: the shell expanded `$VAR` in the tool's arguments before the tool
 * saw them, so a word made of plain characters and variables stays bare (the shell expands it the same way).
 */
export const startWord = (w: string): string => (/^([\w@%+=:,./-]|\$\{?[A-Za-z_]\w*\}?)+$/.test(w) ? w : shellWord(w));

/**
 * Where the build goes: after the last instruction that shapes the files or the environment the start command
 * saw (RUN, COPY, ADD, ENV, ARG, WORKDIR), so it compiles what the start would have compiled. Null with the
 * reason when it cannot run there as the start did (another folder, an unprivileged user).
 */
export function buildPoint(facts: Facts): Instruction | { skip: string } {
  const list = facts.stage.instructions;
  let at: Instruction | null = null;
  for (const ins of list) if (['RUN', 'COPY', 'ADD', 'ENV', 'ARG', 'WORKDIR'].includes(ins.keyword)) at = ins;
  if (!at) return { skip: 'nothing is copied before the start command' };
  if ((facts.workdirAt.get(at) ?? null) !== facts.workdir) return { skip: 'the start command runs in another folder than the last build step' };
  const user = facts.userAt.get(at) ?? null;
  if (user !== null && !/^(root|0)(:(root|0))?$/.test(user)) return { skip: `the start runs as \`${user}\`, who may not write the built artifact` };
  return at;
}

/** The builder line and the rewritten start command: the tool's first `count` words become `artifact`. */
export function builtStart(
  facts: Facts,
  start: ToolStart,
  spec: {
    readonly count: number;
    /** The build command, or null when an earlier RUN already built the artifact. */
    readonly build: string | null;
    readonly artifact: readonly string[];
    readonly tool: string;
  },
): Pick<SplitPlan, 'builderAfter' | 'startCommand'> | { skip: string } {
  const at = buildPoint(facts);
  if ('skip' in at) return at;
  const before = start.words.slice(0, spec.count).join(' ');
  const line = start.rewrite(spec.count, spec.artifact);
  const build: Insertion[] = spec.build === null ? [] : [{ at, lines: [`RUN ${spec.build}`], reason: msg('split-start-build', { before, build: spec.build }) }];
  return {
    builderAfter: build,
    startCommand: { replaced: start.ins, line, reason: msg('split-start-built', { artifact: spec.artifact.join(' '), before, tool: spec.tool }) },
  };
}
