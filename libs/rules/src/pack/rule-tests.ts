import { extractFacts } from '../facts';
import type { Facts } from '../facts/facts.types';
import { CompiledRuleSet, compileRules } from '../matcher/compiled-rule-set';
import { RuleDefinition, RuleTestInput } from './rule-definition';

export interface RuleTestFailure {
  expected: 'match' | 'noMatch';
  title: string;
  text: string;
}

/** Facts as classification would read them from the test text; lists the test gives replace those. */
function factsOf(input: RuleTestInput): Facts {
  const title = typeof input === 'string' ? '' : (input.title ?? '');
  const text = typeof input === 'string' ? input : input.text;
  const given = typeof input === 'string' ? {} : (input.facts ?? {});
  return { ...extractFacts(`${title}\n\n${text}`), ...given } as Facts;
}

/**
 * Runs a rule's own examples: every `match` text must match, no `noMatch` text may.
 * The rule is compiled alone and as if enabled, so a disabled rule can be tested before
 * it is switched on. Facts are extracted from each test text, as classification would.
 */
export function runRuleTests(
  rule: RuleDefinition,
  compile: (rules: RuleDefinition[]) => CompiledRuleSet = compileRules,
): RuleTestFailure[] {
  const set = compile([{ ...rule, enabled: true }]);
  const failures: RuleTestFailure[] = [];
  const check = (input: RuleTestInput, expected: 'match' | 'noMatch') => {
    const title = typeof input === 'string' ? '' : (input.title ?? '');
    const text = typeof input === 'string' ? input : input.text;
    const matched = set.classify({ title, text }, factsOf(input)).some((m) => m.ruleId === rule.id);
    if (matched !== (expected === 'match')) failures.push({ expected, title, text });
  };
  for (const input of rule.tests?.match ?? []) check(input, 'match');
  for (const input of rule.tests?.noMatch ?? []) check(input, 'noMatch');
  return failures;
}
