// The command the image starts, read once: which instructions start it, its words, whether it needs a shell.
// Docker's rules: the last ENTRYPOINT and the last CMD count; a shell-form ENTRYPOINT ignores the CMD.
import type { Instruction, Stage } from '../model/model.ts';
import { splitShell, type Script } from '../model/shell.ts';
import { msg } from '../messages.ts';
import type { EntryFacts, SplitPlan } from './contract.ts';

const SHELLS = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash|dash)$/;

const lastOf = (list: readonly Instruction[], keyword: string): Instruction | undefined => {
  for (let k = list.length - 1; k >= 0; k--) if (list[k].keyword === keyword) return list[k];
  return undefined;
};

/** A HEALTHCHECK that checks something (not `HEALTHCHECK NONE`). */
const checks = (i: Instruction | undefined): i is Instruction => i !== undefined && !/^\s*NONE/i.test(i.args);

export function entryFacts(stage: Stage, split: (src: string) => Script = splitShell): EntryFacts {
  const list = stage.instructions;
  const entrypoint = lastOf(list, 'ENTRYPOINT');
  const cmd = lastOf(list, 'CMD');
  const health = lastOf(list, 'HEALTHCHECK');
  const instructions = [entrypoint, cmd].filter((i): i is Instruction => i !== undefined);
  // Every command of a shell form, in order; a script the splitter cannot follow falls back to its blanks.
  const wordsOf = (i: Instruction): string[] => {
    // `["sh", "-c", "a && b"]` runs a script: its words are the script's, as in the shell form.
    if (i.json && !(SHELLS.test(i.json[0] ?? '') && i.json[1] === '-c' && i.json.length === 3)) return [...i.json];
    const script = split(i.json ? i.json[2] : i.args);
    return script.opaque ? (i.json ? i.json[2] : i.args).trim().split(/\s+/) : script.commands.flatMap((c) => (c.name ? [c.name, ...c.args] : [...c.args]));
  };
  const textOf = (i: Instruction): string => (i.json ? i.json.join(' ') : i.args);
  const started = [entrypoint, cmd, ...(checks(health) ? [health] : [])].filter((i): i is Instruction => i !== undefined);
  return {
    instructions,
    words: instructions.flatMap(wordsOf),
    text: instructions.map(textOf).join(' '),
    simple: simpleStart(entrypoint, cmd, split),
    shellForm: started.some((i) => i.json === null),
    needsShell: started.some((i) => i.json === null || /\.sh$|^(sh|bash|\/bin\/(ba)?sh)$/.test(i.json[0] ?? '')),
    healthcheck: checks(health) ? textOf(health) : '',
  };
}

/** The words of one simple shell command, or null when the text is more than that (`a && b`, pipes, ...). */
function simpleCommand(text: string, split: (src: string) => Script): string[] | null {
  const script = split(text);
  if (script.opaque || script.commands.length !== 1) return null;
  const [c] = script.commands;
  return [c.name, ...c.args];
}

/** ENTRYPOINT + CMD as one command's words, `sh -c "…"` unwrapped; null when it is more than one command. */
function simpleStart(entrypoint: Instruction | undefined, cmd: Instruction | undefined, split: (src: string) => Script): string[] | null {
  const words = (i: Instruction | undefined): string[] | null => (!i ? [] : i.json ? [...i.json] : simpleCommand(i.args, split));
  const e = words(entrypoint);
  const c = entrypoint && !entrypoint.json ? [] : words(cmd);
  if (!e || !c) return null;
  const all = [...e, ...c];
  if (SHELLS.test(all[0] ?? '') && all[1] === '-c' && all.length === 3) return simpleCommand(all[2], split);
  return all;
}

/**
 * The arguments of an exec-form CMD that starts `interpreter` itself, with no ENTRYPOINT and nothing that needs
 * a shell: what an image whose own ENTRYPOINT is that interpreter (the distroless language images) takes as
 * its CMD. Null otherwise.
 */
export function interpreterArgs(entry: EntryFacts, interpreter: RegExp): { readonly cmd: Instruction; readonly args: readonly string[] } | null {
  if (entry.instructions.length !== 1 || entry.needsShell) return null;
  const [cmd] = entry.instructions;
  if (cmd.keyword !== 'CMD' || !cmd.json || cmd.json.length < 2 || !interpreter.test(cmd.json[0])) return null;
  return { cmd, args: cmd.json.slice(1) };
}

/** The CMD without its interpreter, for a runtime image whose ENTRYPOINT is that interpreter. */
export function interpreterStart(start: NonNullable<ReturnType<typeof interpreterArgs>>, image: string, interpreter: string, drop = 0): NonNullable<SplitPlan['startCommand']> {
  const args = start.args.slice(drop);
  const line = `CMD ${JSON.stringify(args).replace(/","/g, '", "')}`;
  const before = start.cmd.json ? JSON.stringify(start.cmd.json).replace(/","/g, '", "') : start.cmd.args;
  return { replaced: start.cmd, line, reason: msg('split-start-interpreter', { image, interpreter: [interpreter, ...start.args.slice(0, drop)].join(' '), before, after: line.slice(4) }) };
}

/** A start command that runs a tool (`go run .`, `cargo run`): where, with which words, and how to swap them. */
export interface ToolStart {
  /** The ENTRYPOINT or CMD that runs it. */
  readonly ins: Instruction;
  /** The tool's own words: its name and arguments (an `exec` before it left out), up to the end of its command. */
  readonly words: readonly string[];
  /** VAR=value assignments before it (shell form). */
  readonly env?: Readonly<Record<string, string>>;
  /** Exec form: the words reach the tool as they are, no shell reads the replacement (so it needs no quoting). */
  readonly exec: boolean;
  /** The instruction's text with the tool's first `count` words replaced by `replacement`, in the same form. */
  rewrite(count: number, replacement: readonly string[]): string;
}

const execJson = (keyword: string, words: readonly string[]): string => `${keyword} ${JSON.stringify(words).replace(/","/g, '", "')}`;

/**
 * The start command's run of a tool `is` names: exec form, shell form, or `sh -c "…"` in exec form. Null when
 * no start command runs it, or it runs more than once.
 */
export function toolStart(entry: EntryFacts, is: (name: string) => boolean, split: (src: string) => Script = splitShell): ToolStart | null {
  const found: ToolStart[] = [];
  // In a script: the command (after `exec`) whose name `is` accepts, rewritten inside the script's text.
  const inScript = (script: string, wrap: (text: string) => string): ((ins: Instruction) => ToolStart | null) => (ins) => {
    const parsed = split(script);
    if (parsed.opaque) return null;
    const hits = parsed.commands.flatMap((c) => {
      const skip = c.base === 'exec' ? 1 : 0;
      const words = c.words.slice(skip);
      return words.length && is(words[0].value.slice(words[0].value.lastIndexOf('/') + 1)) ? [{ words, env: c.env }] : [];
    });
    if (hits.length !== 1) return null;
    const [{ words, env }] = hits;
    return {
      ins,
      words: words.map((w) => w.value),
      env,
      exec: false,
      rewrite: (count, replacement) => wrap(script.slice(0, words[0].start) + replacement.join(' ') + script.slice(words[count - 1].end)),
    };
  };
  for (const ins of entry.instructions) {
    const json = ins.json;
    let hit: ToolStart | null = null;
    if (json && json.length && is(json[0].slice(json[0].lastIndexOf('/') + 1))) {
      hit = { ins, words: json, exec: true, rewrite: (count, replacement) => execJson(ins.keyword, [...replacement, ...json.slice(count)]) };
    } else if (json && json.length === 3 && SHELLS.test(json[0]) && json[1] === '-c') {
      hit = inScript(json[2], (text) => execJson(ins.keyword, [json[0], json[1], text]))(ins);
    } else if (!json) {
      hit = inScript(ins.args, (text) => `${ins.keyword} ${text}`)(ins);
    }
    if (hit) found.push(hit);
  }
  return found.length === 1 ? found[0] : null;
}
