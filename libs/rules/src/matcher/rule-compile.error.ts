/** A rule that cannot be compiled (bad query, duplicate id); the message names the rule. */
export class RuleCompileError extends Error {
  constructor(
    readonly ruleId: string,
    readonly problem: string,
    /** Offset in the rule's query when the problem is a syntax error. */
    readonly position?: number,
  ) {
    super(`rule "${ruleId}": ${problem}`);
    this.name = 'RuleCompileError';
  }
}
