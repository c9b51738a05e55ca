import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseQuery } from '../query/query-parser';
import { QuerySyntaxError } from '../query/query-syntax.error';
import { LoadedRuleDefinition, ruleDefinitionSchema } from './rule-definition';
import { RulePackError, RulePackProblem } from './rule-pack.error';

const PACK_FILE = /\.ya?ml$/i;

/**
 * Reads every *.yaml / *.yml file of a folder (in name order), or one such file. A file
 * holds one rule, a list of rules, or `{ rules: [...] }`. Every rule is validated and its
 * query parsed; all problems are reported together in one RulePackError naming file and rule.
 */
export function loadRulePack(path: string): LoadedRuleDefinition[] {
  if (!existsSync(path)) throw new RulePackError([{ file: path, problem: 'rule pack folder or file not found' }]);
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((n) => PACK_FILE.test(n))
        .sort()
        .map((n) => join(path, n))
    : [path];
  const problems: RulePackProblem[] = [];
  const rules: LoadedRuleDefinition[] = [];
  const fileOf = new Map<string, string>();

  for (const file of files) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push({ file, problem: `not valid YAML: ${(err as Error).message}` });
      continue;
    }
    const raws = rulesIn(doc);
    if (!raws) {
      problems.push({ file, problem: 'expected a rule, a list of rules, or { rules: [...] }' });
      continue;
    }
    raws.forEach((raw, i) => {
      const rawId = (raw as { id?: unknown } | null)?.id;
      const ruleId = typeof rawId === 'string' ? rawId : `#${i + 1}`;
      const parsed = ruleDefinitionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({ file, ruleId, problem: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}` });
        }
      }
      const query = (raw as { query?: unknown } | null)?.query;
      const queryProblem = typeof query === 'string' && query.trim() !== '' ? syntaxProblem(query) : null;
      if (queryProblem) problems.push({ file, ruleId, problem: `query: ${queryProblem}` });
      if (!parsed.success || queryProblem) return;
      const def = parsed.data;
      const other = fileOf.get(def.id);
      if (other !== undefined) {
        problems.push({ file, ruleId, problem: `duplicate id (also in ${other})` });
        return;
      }
      fileOf.set(def.id, file);
      rules.push(def);
    });
  }
  if (problems.length > 0) throw new RulePackError(problems);
  return rules;
}

function syntaxProblem(query: string): string | null {
  try {
    parseQuery(query);
    return null;
  } catch (err) {
    if (err instanceof QuerySyntaxError) return err.message;
    throw err;
  }
}

function rulesIn(doc: unknown): unknown[] | null {
  if (doc === null || doc === undefined) return [];
  if (Array.isArray(doc)) return doc;
  if (typeof doc === 'object') {
    const rules = (doc as { rules?: unknown }).rules;
    if (Array.isArray(rules)) return rules;
    if ('id' in doc) return [doc];
  }
  return null;
}
