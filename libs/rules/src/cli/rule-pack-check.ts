import { relative } from 'node:path';
import type { LoadedRuleDefinition } from '../pack/rule-definition';
import { RulePackError, RulePackProblem } from '../pack/rule-pack.error';
import { loadRulePack } from '../pack/rule-pack.loader';
import { RuleTestFailure, runRuleTests } from '../pack/rule-tests';

export type PackLoad = { ok: true; rules: LoadedRuleDefinition[] } | { ok: false; problems: RulePackProblem[] };

/**
 * Loads a pack for the offline commands: every YAML file, every rule, every query parsed.
 * Problems come back as data (all of them, in file order) instead of one thrown error.
 */
export function checkRulePack(dir: string): PackLoad {
  try {
    return { ok: true, rules: loadRulePack(dir) };
  } catch (err) {
    if (err instanceof RulePackError) return { ok: false, problems: err.problems };
    throw err;
  }
}

/** `file: rule-id: message` (query messages end "at <position in the query>"); paths relative to `base`. */
export function formatProblem(p: RulePackProblem, base = process.cwd()): string {
  const file = relative(base, p.file) || p.file;
  return `${file.startsWith('..') ? p.file : file}: ${p.ruleId ? `${p.ruleId}: ` : ''}${p.problem}`;
}

export interface PackTestResult {
  rules: number;
  cases: number;
  failures: Array<RuleTestFailure & { ruleId: string }>;
}

/** Runs every rule's own test cases (disabled rules too: they are tested as if enabled). */
export function testRulePack(rules: readonly LoadedRuleDefinition[]): PackTestResult {
  const failures: PackTestResult['failures'] = [];
  let cases = 0;
  for (const rule of rules) {
    cases += rule.tests.match.length + rule.tests.noMatch.length;
    for (const f of runRuleTests(rule)) failures.push({ ruleId: rule.id, ...f });
  }
  return { rules: rules.length, cases, failures };
}

/** `rule-id: expected a match|no match: "text"` (with the title when the case has one). */
export function formatTestFailure(f: PackTestResult['failures'][number]): string {
  const expected = f.expected === 'match' ? 'expected a match' : 'expected no match';
  const title = f.title ? ` (title "${f.title}")` : '';
  return `${f.ruleId}: ${expected}${title}: "${f.text.replace(/\s+/g, ' ').trim()}"`;
}
