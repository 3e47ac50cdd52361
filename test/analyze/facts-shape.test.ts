// The facts object is made once per stage of every re-parse, thousands of times per batch: it must stay a plain
// data object. An accessor in its literal (a lazy `get x()`, redefined on first read) gave every facts object a
// hidden class of its own; V8 then kept whole conversions alive past young-generation collections (3 MB promoted
// per scavenge instead of 0.1 MB) and a corpus round took twice as long. Lazy facts are remembered functions.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze/index.ts';
import { NO_PROJECT } from '../../src/analyze/project.ts';
import { parse } from '../../src/model/parse.ts';

const TEXTS = [
  'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n',
  'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
  'FROM python:3.12\nARG NPM_TOKEN\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
];

describe('facts shape', () => {
  it.each(TEXTS)('every stage’s facts are plain data properties, no accessors %#', (text) => {
    const model = parse(text);
    for (const stage of model.stages) {
      const facts = analyze(model, NO_PROJECT, stage);
      const accessors = Object.entries(Object.getOwnPropertyDescriptors(facts)).filter(([, d]) => d.get || d.set).map(([k]) => k);
      expect(accessors).toEqual([]);
    }
  });

  it('lazy facts are remembered: asked twice, worked out once', () => {
    const facts = analyze(parse(TEXTS[2]), NO_PROJECT);
    expect(facts.secretUses()).toBe(facts.secretUses());
    expect(facts.rootAtStart()).toBe(facts.rootAtStart());
  });
});
