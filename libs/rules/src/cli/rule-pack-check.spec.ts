import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRulePack, formatProblem, formatTestFailure, testRulePack } from './rule-pack-check';

describe('rule pack checks for the offline commands', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sm-pack-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns every problem as data, formatted "file: rule-id: message" relative to a base folder', () => {
    writeFileSync(join(dir, 'a.yaml'), "- id: one\n  name: One\n  category: worker-overstay\n  severity: low\n  query: 'dprk AND (a OR b'\n");
    writeFileSync(join(dir, 'b.yaml'), 'rules: [: oops');
    const pack = checkRulePack(dir);
    expect(pack.ok).toBe(false);
    const lines = pack.ok ? [] : pack.problems.map((p) => formatProblem(p, dir));
    expect(lines[0]).toBe('a.yaml: one: query: unbalanced parenthesis at 9');
    expect(lines[1]).toMatch(/^b\.yaml: /);
    expect(lines).toHaveLength(2);
  });

  it('runs the test cases of every rule and names the failing ones', () => {
    const ok = checkRulePack(join(__dirname, '..', '..', '..', '..', 'config', 'rules'));
    if (!ok.ok) throw new Error('the default pack must load');
    const rule = { ...ok.rules[0], tests: { match: ['Nothing relevant here.'], noMatch: [] } };
    const result = testRulePack([rule]);
    expect(result).toMatchObject({ rules: 1, cases: 1 });
    expect(result.failures.map(formatTestFailure)).toEqual([`${rule.id}: expected a match: "Nothing relevant here."`]);
  });
});
