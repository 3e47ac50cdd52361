// The command the image starts, read once: which instructions start it, its words, whether it needs a shell.
// Docker's rules: the last ENTRYPOINT and the last CMD count; a shell-form ENTRYPOINT ignores the CMD.
import type { Instruction, Stage } from '../model/model.ts';
import { splitShell, type Script } from '../model/shell.ts';
import type { EntryFacts } from './contract.ts';

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
    if (i.json) return [...i.json];
    const script = split(i.args);
    return script.opaque ? i.args.trim().split(/\s+/) : script.commands.flatMap((c) => (c.name ? [c.name, ...c.args] : [...c.args]));
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
