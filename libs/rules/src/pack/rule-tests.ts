import type { Facts } from '../facts/facts.types';
import { CompiledRuleSet, compileRules } from '../matcher/compiled-rule-set';
import { RuleDefinition, RuleTestInput } from './rule-definition';

export interface RuleTestFailure {
  expected: 'match' | 'noMatch';
  title: string;
  text: string;
}

function factsOf(input: RuleTestInput): Facts {
  const given = typeof input === 'string' ? {} : (input.facts ?? {});
  return {
    places: given.places ?? [],
    amounts: given.amounts ?? [],
    workerCounts: given.workerCounts ?? [],
    resolutions: given.resolutions ?? [],
    visas: given.visas ?? [],
    dates: given.dates ?? [],
  };
}

/**
 * Runs a rule's own examples: every `match` text must match, no `noMatch` text may.
 * The rule is compiled alone and as if enabled, so a disabled rule can be tested before
 * it is switched on. Test texts have no facts unless they give some.
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
