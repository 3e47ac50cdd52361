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

/**
 * Milliseconds per conversion of each text, measured in rounds that take turns: one round converts the big
 * file once and the small one ten times, so both sides run for a similar stretch and a busy machine slows both
 * alike. The fastest round of each side counts (other work only ever adds time).
 */
function perConversionMs(big: string, small: string, rounds: number): { big: number; small: number } {
  let bestBig = Infinity;
  let bestSmall = Infinity;
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    convert(big);
    bestBig = Math.min(bestBig, performance.now() - t);
    t = performance.now();
    for (let k = 0; k < 10; k++) convert(small);
    bestSmall = Math.min(bestSmall, (performance.now() - t) / 10);
  }
  return { big: bestBig, small: bestSmall };
}

describe('conversion time grows linearly with file size', () => {
  it('5,000 lines cost less than 20× 500 lines', () => {
    const small = dockerfile(500);
    const big = dockerfile(5000);
    // Both go the whole way: split, verified, idempotence re-run.
    expect(convert(big).status).toBe('converted');
    expect(convert(small).status).toBe('converted');
    const ms = perConversionMs(big, small, 5);
    const ratio = ms.big / ms.small;
    console.log(`5,000 / 500 lines: ${ratio.toFixed(1)}×`);
    expect(ratio).toBeLessThan(20);
  }, 60_000);
});
