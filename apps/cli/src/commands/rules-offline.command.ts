import { AppConfig } from '@app/config';
import { RuleCompileError, checkRulePack, compileRules, formatProblem, formatTestFailure, testRulePack } from '@app/rules';
import { CommandRunner, Option, SubCommand } from 'nest-commander';
import { resolve } from 'node:path';

const out = (line: string) => process.stdout.write(`${line}\n`);

const RULES_OPTION = { flags: '--rules <dir>', description: 'rule pack folder (or one YAML file); default RULES_DIR (config/rules)' };

/** `rules lint`: the pack as files, offline. Every problem of every file, then exit 1; or one OK line. */
@SubCommand({
  name: 'lint',
  description: 'Check every rule of a pack folder offline (YAML, fields, query syntax): prints "file: rule-id: message" per problem, with the position in the query',
})
export class RulesLintCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], opts: { rules?: string }): Promise<void> {
    const dir = resolve(opts.rules ?? this.config.rulesDir);
    const pack = checkRulePack(dir);
    const problems = pack.ok ? [] : pack.problems.map((p) => formatProblem(p));
    if (pack.ok) {
      if (pack.rules.length === 0) problems.push(`${dir}: no rules (*.yaml files) found`);
      try {
        compileRules(pack.rules);
      } catch (e) {
        if (!(e instanceof RuleCompileError)) throw e;
        problems.push(`${dir}: ${e.ruleId}: ${e.problem}`);
      }
    }
    if (problems.length) {
      problems.forEach(out);
      process.stderr.write(`${problems.length} problem(s) in ${dir}\n`);
      process.exitCode = 1;
      return;
    }
    const rules = pack.ok ? pack.rules : [];
    const enabled = rules.filter((r) => r.enabled).length;
    out(`OK: ${rules.length} rule(s) in ${dir} (${enabled} enabled), every query parses.`);
  }

  @Option(RULES_OPTION)
  parseRules(value: string): string {
    return value;
  }
}

/** `rules test`: every rule's own match/noMatch texts, offline. */
@SubCommand({
  name: 'test',
  description: "Run every rule's own test cases (tests.match / tests.noMatch) offline: prints each failure, exit 1 if any",
})
export class RulesTestCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], opts: { rules?: string }): Promise<void> {
    const dir = resolve(opts.rules ?? this.config.rulesDir);
    const pack = checkRulePack(dir);
    if (!pack.ok) {
      pack.problems.forEach((p) => out(formatProblem(p)));
      process.stderr.write(`${pack.problems.length} problem(s) in ${dir}: fix them first (see \`rules lint\`)\n`);
      process.exitCode = 1;
      return;
    }
    const result = testRulePack(pack.rules);
    result.failures.forEach((f) => out(formatTestFailure(f)));
    if (result.failures.length) {
      const rules = new Set(result.failures.map((f) => f.ruleId)).size;
      process.stderr.write(`${result.failures.length} of ${result.cases} test case(s) fail, in ${rules} rule(s)\n`);
      process.exitCode = 1;
      return;
    }
    out(`OK: ${result.cases} test case(s) of ${result.rules} rule(s) pass.`);
  }

  @Option(RULES_OPTION)
  parseRules(value: string): string {
    return value;
  }
}

/** Sub-commands of `rules` (see rules.command.ts) that need neither PostgreSQL nor Redis. */
export const RULES_OFFLINE_COMMANDS = [RulesLintCommand, RulesTestCommand];
