export interface RulePackProblem {
  file: string;
  /** The rule concerned, when the problem is inside one. */
  ruleId?: string;
  problem: string;
}

/**
 * A rule pack that cannot be loaded. All problems of all files are collected, so an
 * admin fixes a pack in one pass instead of one error per restart.
 */
export class RulePackError extends Error {
  constructor(readonly problems: RulePackProblem[]) {
    super(problems.map((p) => `${p.file}${p.ruleId ? `: rule "${p.ruleId}"` : ''}: ${p.problem}`).join('\n'));
    this.name = 'RulePackError';
  }
}
