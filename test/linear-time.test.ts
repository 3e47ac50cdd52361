// No quadratic work in file size: a 5,000-line Dockerfile costs about 10× a 500-line one, not 100×. The
// generated file is heavy in what verify and analysis compare line by line (ENV, LABEL, RUN, comments), so
// a per-instruction rescan of the stage shows up as a ratio far above the bound.
import { describe, expect, it } from 'vitest';
import { convert } from '../src/index.ts';

function dockerfile(lines: number): string {
  const out = ['FROM node:20', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci'];
  for (let i = 0; out.length < lines - 3; i++) {
    if (i % 8 === 1) out.push(`RUN mkdir -p /app/d${i} && touch /app/d${i}/f`);
    else if (i % 8 === 2) out.push(`# step ${i}`);
    else out.push(i % 2 === 0 ? `ENV VAR_${i}=value${i}` : `LABEL l${i}="v"`);
  }
  out.push('COPY . .', 'RUN npm run build', 'CMD ["node", "dist/index.js"]');
  return out.join('\n') + '\n';
}

function medianMs(text: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    convert(text);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[runs >> 1]!;
}

describe('conversion time grows linearly with file size', () => {
  it('5,000 lines cost less than 20× 500 lines', () => {
    const small = dockerfile(500);
    const big = dockerfile(5000);
    // Both go the whole way: split, verified, idempotence re-run.
    expect(convert(big).status).toBe('converted');
    expect(convert(small).status).toBe('converted');
    const ratio = medianMs(big, 3) / medianMs(small, 5);
    expect(ratio).toBeLessThan(20);
  }, 60_000);
});
