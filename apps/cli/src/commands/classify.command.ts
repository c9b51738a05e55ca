import { AppConfig } from '@app/config';
import { ArticleFileError, CompiledRuleSet, RuleCompileError, checkRulePack, classifyArticle, compileRules, formatProblem, formatReport, readArticleFile } from '@app/rules';
import { Command, CommandRunner, Option } from 'nest-commander';
import { resolve } from 'node:path';

interface ClassifyFlags {
  rules?: string;
  json?: boolean;
}

const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Offline classification: reads the rule pack from disk and the articles from files, so
 * it needs neither PostgreSQL nor Redis (nothing here touches PrismaService or a queue).
 */
@Command({
  name: 'classify',
  arguments: '<file...>',
  argsDescription: {
    file: 'text files (optional "Title:", "Source:", "Date:" header lines, a blank line, then the body) or HTML pages (.html/.htm, or content starting with "<")',
  },
  description:
    'Classify article files with a rule pack from disk, offline (no database or Redis): prints the categories, each matching rule with its evidence, and the facts found',
})
export class ClassifyCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(files: string[], opts: ClassifyFlags): Promise<void> {
    const set = loadRules(resolve(opts.rules ?? this.config.rulesDir));
    if (!set) {
      process.exitCode = 1;
      return;
    }
    let failed = 0;
    files.forEach((file, i) => {
      try {
        const report = classifyArticle(set, readArticleFile(file));
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${i > 0 ? '\n' : ''}${formatReport(report)}\n`);
      } catch (e) {
        if (!(e instanceof ArticleFileError)) throw e;
        err(`classify: ${e.message}`);
        failed++;
      }
    });
    // Every file is tried; one that could not be read still fails the command.
    if (failed > 0) process.exitCode = 1;
  }

  @Option({ flags: '--rules <dir>', description: 'rule pack folder (or one YAML file); default RULES_DIR (config/rules)' })
  parseRules(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON object per file, one per line: file, title, categories, matches (with evidence), facts' })
  parseJson(): boolean {
    return true;
  }
}

/** The compiled pack, or null after printing why it cannot be used (one line). */
function loadRules(dir: string): CompiledRuleSet | null {
  const pack = checkRulePack(dir);
  if (!pack.ok) {
    const [first, ...rest] = pack.problems;
    const more = rest.length ? ` (and ${rest.length} more problem(s); run \`rules lint --rules ${dir}\`)` : '';
    err(`classify: invalid rule pack: ${formatProblem(first)}${more}`);
    return null;
  }
  if (pack.rules.length === 0) {
    err(`classify: invalid rule pack: ${dir} holds no rules (*.yaml files)`);
    return null;
  }
  try {
    return compileRules(pack.rules);
  } catch (e) {
    if (!(e instanceof RuleCompileError)) throw e;
    err(`classify: invalid rule pack: ${e.message}`);
    return null;
  }
}
