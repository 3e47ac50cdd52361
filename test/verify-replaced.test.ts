// The final-image contract may lose a CMD/ENTRYPOINT/EXPOSE only when a change says it replaced exactly that
// instruction (reason `split-server-replaced`, --static-server nginx); every other loss still fails.
import { describe, expect, it } from 'vitest';
import type { Edit } from '../src/edits/apply.ts';
import { msg } from '../src/messages.ts';
import { finalStage } from '../src/model/model.ts';
import { parse } from '../src/model/parse.ts';
import { convertText } from '../src/pipeline/run.ts';
import { replacedBy, verify } from '../src/pipeline/verify.ts';
import type { Transform } from '../src/types.ts';

const INPUT = 'FROM node:20\nWORKDIR /app\nRUN npm ci\nUSER node\nEXPOSE 3000\nLABEL team=web\nCMD ["npx", "serve", "-s", "build"]\n';
const OUTPUT = 'FROM node:20\nWORKDIR /app\nRUN npm ci\nUSER node\nEXPOSE 8080\nLABEL team=web\n';
const check = (output: string, replaced: string[]) => verify({ input: parse(INPUT), output: parse(output), rootAllowed: true, replaced });

describe('verify: replaced instructions', () => {
  it('a dropped CMD and a changed EXPOSE fail without a replacing change', () => {
    const problems = check(OUTPUT, []);
    expect(problems).toContain('a CMD instruction was lost');
    expect(problems.join('\n')).toMatch(/CMD of line 7 is not in the final stage/);
    expect(problems.join('\n')).toMatch(/EXPOSE of line 5 is not in the final stage/);
    expect(problems.join('\n')).toMatch(/line 7 was changed or lost/);
  });

  it('pass when a change names exactly those instructions', () => {
    expect(check(OUTPUT, ['CMD ["npx", "serve", "-s", "build"]', 'EXPOSE 3000'])).toEqual([]);
  });

  it('a replaced key that names another instruction excuses nothing', () => {
    expect(check(OUTPUT, ['CMD ["npx", "serve", "-s", "dist"]', 'EXPOSE 3000'])).toContain('a CMD instruction was lost');
  });

  it('only CMD, ENTRYPOINT and EXPOSE can be replaced: a dropped LABEL still fails', () => {
    const output = OUTPUT.replace('LABEL team=web\n', '');
    const problems = check(output, ['CMD ["npx", "serve", "-s", "build"]', 'EXPOSE 3000', 'LABEL team=web']);
    expect(problems).toContain('a LABEL instruction was lost');
  });

  it('one replacing change excuses one instruction, not every copy of it', () => {
    const input = parse(INPUT.replace('EXPOSE 3000\n', 'EXPOSE 3000\nEXPOSE 3000\n'));
    const problems = verify({ input, output: parse(OUTPUT), rootAllowed: true, replaced: ['CMD ["npx", "serve", "-s", "build"]', 'EXPOSE 3000'] });
    expect(problems.join('\n')).toMatch(/EXPOSE of line 6 is not in the final stage/);
  });

  it('replacedBy reads only the replacing reason', () => {
    const keys = replacedBy([
      msg('split-server-replaced', { keyword: 'CMD', args: '["a",   "b"]' }),
      msg('split-move', { keyword: 'CMD' }),
    ]);
    expect(keys).toEqual(['CMD ["a", "b"]']);
  });
});

/** A transform that drops the final CMD with the given reason. */
const dropCmd = (id: 'split-server-replaced' | 'split-move'): Transform => ({
  meta: { id: 'drop-cmd', description: 'test', safety: 'review', kind: 'split' },
  apply: ({ model, fix }) => {
    // The idempotence pass runs it again on its own output, which has no CMD left.
    const cmd = finalStage(model).instructions.find((i) => i.keyword === 'CMD');
    const edits: Edit[] = cmd ? [fix.remove(cmd, msg(id, { keyword: 'CMD', args: cmd.rawArgs }))] : [];
    return { edits };
  },
});

describe('pipeline: replaced instructions come from the changes', () => {
  it('a CMD removed with another reason is an error', () => {
    const r = convertText(INPUT, [dropCmd('split-move')]);
    expect(r.status).toBe('error');
    expect(JSON.stringify(r.reason)).toMatch(/a CMD instruction was lost/);
  });
  it('a CMD removed with the replacing reason passes', () => {
    expect(convertText(INPUT, [dropCmd('split-server-replaced')]).status).toBe('converted');
  });
});
