import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuleDefinition } from './rule-definition';
import { RulePackError } from './rule-pack.error';
import { loadRulePack } from './rule-pack.loader';
import { runRuleTests } from './rule-tests';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rule-pack-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, body: string) => writeFileSync(join(dir, name), body);

function packError(): RulePackError {
  try {
    loadRulePack(dir);
  } catch (err) {
    if (err instanceof RulePackError) return err;
    throw err;
  }
  throw new Error('expected a RulePackError');
}

const ruleYaml = (id: string, extra = '') => `
id: ${id}
name: Rule ${id}
category: worker-overstay
severity: high
query: dprk AND overstay*
${extra}`;

describe('loadRulePack', () => {
  it('reads one rule, a list, or { rules: [...] } per file, .yaml and .yml, in name order, with defaults', () => {
    write('b.yaml', ruleYaml('single'));
    write('a.yml', `- ${ruleYaml('first').trim().replace(/\n/g, '\n  ')}\n- ${ruleYaml('second', 'threshold: 2\nenabled: false\nversion: 4').trim().replace(/\n/g, '\n  ')}\n`);
    write('c.yaml', `rules:\n  - ${ruleYaml('wrapped').trim().replace(/\n/g, '\n    ')}\n`);
    write('notes.txt', 'not a rule');
    write('empty.yaml', '');

    const rules = loadRulePack(dir);
    expect(rules.map((r) => r.id)).toEqual(['first', 'second', 'single', 'wrapped']);
    expect(rules[0]).toEqual({
      id: 'first',
      name: 'Rule first',
      description: '',
      category: 'worker-overstay',
      severity: 'high',
      query: 'dprk AND overstay*',
      threshold: 1,
      enabled: true,
      version: 1,
      tests: { match: [], noMatch: [] },
    });
    expect(rules[1]).toMatchObject({ threshold: 2, enabled: false, version: 4 });
  });

  it('names the file, the rule and the position of a query error', () => {
    write('overstay.yaml', ruleYaml('bad-query').replace('dprk AND overstay*', 'dprk AND (overstay*'));
    const err = packError();
    expect(err.problems).toEqual([{ file: join(dir, 'overstay.yaml'), ruleId: 'bad-query', problem: 'query: unbalanced parenthesis at 9' }]);
    expect(err.message).toBe(`${join(dir, 'overstay.yaml')}: rule "bad-query": query: unbalanced parenthesis at 9`);
  });

  it('reports schema problems, unknown keys included, and every problem at once', () => {
    write('a.yaml', `${ruleYaml('typo', 'treshold: 2')}`);
    write('b.yaml', ruleYaml('Bad Id'));
    write('c.yaml', ruleYaml('wrong-category').replace('worker-overstay', 'overstay'));
    write('d.yaml', ruleYaml('no-tests', 'tests:\n  match: [""]'));
    const problems = packError().problems.map((p) => `${p.ruleId}: ${p.problem}`);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^typo: .*treshold/);
    expect(problems[1]).toMatch(/^Bad Id: id: id must be a lower-case slug/);
    expect(problems[2]).toMatch(/^wrong-category: category: /);
    expect(problems[3]).toMatch(/^no-tests: tests\.match\.0: /);
  });

  it('rejects duplicate ids, naming both files', () => {
    write('a.yaml', ruleYaml('twice'));
    write('b.yaml', ruleYaml('twice'));
    expect(packError().problems).toEqual([{ file: join(dir, 'b.yaml'), ruleId: 'twice', problem: `duplicate id (also in ${join(dir, 'a.yaml')})` }]);
  });

  it('reports YAML syntax errors and files of the wrong shape', () => {
    write('a.yaml', 'id: [unclosed');
    write('b.yaml', '"just a string"');
    const problems = packError().problems;
    expect(problems[0].file).toBe(join(dir, 'a.yaml'));
    expect(problems[0].problem).toMatch(/^not valid YAML: /);
    expect(problems[1]).toEqual({ file: join(dir, 'b.yaml'), problem: 'expected a rule, a list of rules, or { rules: [...] }' });
  });

  it('fails clearly when the folder does not exist', () => {
    expect(() => loadRulePack(join(dir, 'missing'))).toThrow(`${join(dir, 'missing')}: rule pack folder or file not found`);
  });
});

describe('runRuleTests', () => {
  const rule: RuleDefinition = {
    id: 'visa-test',
    name: 'Visa test',
    category: 'visa-workaround',
    severity: 'high',
    query: 'dprk workers (visa:student OR "student visas")',
    enabled: false,
    tests: {
      match: [
        'DPRK workers on student visas',
        { title: 'DPRK workers', text: 'arrive as students', facts: { visas: [{ type: 'student', text: 'students', span: [10, 18] }] } },
        'DPRK workers on tourist visas',
      ],
      noMatch: ['DPRK workers at home', 'DPRK workers with student visas are rare'],
    },
  };

  it('returns the texts that did not behave, testing disabled rules too', () => {
    expect(runRuleTests(rule)).toEqual([
      { expected: 'match', title: '', text: 'DPRK workers on tourist visas' },
      { expected: 'noMatch', title: '', text: 'DPRK workers with student visas are rare' },
    ]);
  });

  it('returns nothing for a rule without tests', () => {
    expect(runRuleTests({ ...rule, tests: undefined })).toEqual([]);
  });
});
