import type { RuleTestFailure } from '../pack/rule-tests';

/** The rule as sent is not a valid rule: each problem names the field (and the position in the query). */
export class RuleValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'RuleValidationError';
  }
}

/** A save is refused while one of the rule's own test cases fails. */
export class RuleTestsFailedError extends Error {
  constructor(
    readonly ruleId: string,
    readonly failures: RuleTestFailure[],
  ) {
    super(
      `rule ${ruleId}: ${failures.length} test case(s) fail: ` +
        failures.map((f) => `expected ${f.expected === 'match' ? 'a match' : 'no match'} for "${(f.title ? `${f.title} ` : '') + f.text}"`.slice(0, 200)).join('; '),
    );
    this.name = 'RuleTestsFailedError';
  }
}

export class RuleNotFoundError extends Error {
  constructor(
    readonly ruleId: string,
    readonly version?: number,
  ) {
    super(version ? `rule ${ruleId} has no version ${version}` : `no rule ${ruleId}`);
    this.name = 'RuleNotFoundError';
  }
}

/** Optimistic concurrency: the rule changed since the editor loaded it. */
export class RuleConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleConflictError';
  }
}
