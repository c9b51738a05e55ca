import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';

export interface RuleSnapshot {
  version: number;
  name: string;
  description: string;
  category: string;
  severity: string;
  query: string;
  threshold: number;
  enabled: boolean;
  tests: unknown;
}

/** The rule as an admin reads it in YAML: the diff is over what they wrote, field by field. */
export function ruleAsYaml(s: RuleSnapshot): string {
  const { name, description, category, severity, query, threshold, enabled, tests } = s;
  return stringify({ name, description, category, severity, threshold, enabled, query, tests }, { lineWidth: 100 });
}

/** A unified diff between two versions of a rule. */
export function diffRuleVersions(ruleId: string, from: RuleSnapshot, to: RuleSnapshot): string {
  return createTwoFilesPatch(`${ruleId}@v${from.version}`, `${ruleId}@v${to.version}`, ruleAsYaml(from), ruleAsYaml(to), '', '', { context: 3 });
}
