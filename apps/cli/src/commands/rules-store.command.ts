import { BacktestService, RuleValidationError, RulesService, loadRulePack, toDefinition } from '@app/rules';
import { SingleBar } from 'cli-progress';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { parse, stringify } from 'yaml';

// Who the history and the audit log name for changes made from this command line.
const actor = () => `cli:${userInfo().username}`;
const out = (line: string) => process.stdout.write(`${line}\n`);

@SubCommand({
  name: 'import',
  arguments: '<path>',
  description: 'Save every rule of a pack folder or YAML file as a new version (each must pass its test cases); unchanged rules are left alone',
})
export class RulesImportCommand extends CommandRunner {
  constructor(private readonly rules: RulesService) {
    super();
  }

  async run([path]: string[]): Promise<void> {
    const defs = loadRulePack(resolve(path));
    let changed = 0;
    for (const def of defs) {
      const { rule, changed: c } = await this.rules.save({ ...def, version: undefined }, { actor: actor(), note: `imported from ${path}` });
      if (c) changed++;
      out(`${c ? 'saved    ' : 'unchanged'} ${rule.id} v${rule.version}`);
    }
    out(`${defs.length} rule(s) read, ${changed} saved as a new version.`);
  }
}

@SubCommand({ name: 'export', description: 'Write the stored rules as YAML, one file per category (or to stdout)' })
export class RulesExportCommand extends CommandRunner {
  constructor(private readonly rules: RulesService) {
    super();
  }

  async run(_: string[], opts: { out?: string }): Promise<void> {
    const rules = (await this.rules.list()).map(toDefinition);
    const byCategory = new Map<string, unknown[]>();
    for (const { version: _v, ...r } of rules) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
    if (!opts.out) {
      out(stringify(rules.map(({ version: _v, ...r }) => r), { lineWidth: 100 }));
      return;
    }
    mkdirSync(opts.out, { recursive: true });
    for (const [category, list] of byCategory) writeFileSync(join(opts.out, `${category}.yaml`), stringify(list, { lineWidth: 100 }));
    out(`${rules.length} rule(s) written to ${opts.out} (${byCategory.size} file(s)).`);
  }

  @Option({ flags: '--out <dir>', description: 'folder to write <category>.yaml files into (created if missing)' })
  parseOut(v: string): string {
    return v;
  }
}

@SubCommand({ name: 'history', arguments: '<id>', description: 'Every version of a rule, newest first, with who saved it and why' })
export class RulesHistoryCommand extends CommandRunner {
  constructor(private readonly rules: RulesService) {
    super();
  }

  async run([id]: string[], opts: { diff?: string }): Promise<void> {
    if (opts.diff) {
      const [from, to] = opts.diff.split('..').map(Number);
      if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RuleValidationError([`--diff: expected FROM..TO, e.g. 1..2 (got "${opts.diff}")`]);
      out(await this.rules.diff(id, from, to));
      return;
    }
    for (const v of await this.rules.history(id)) {
      out(`v${v.version}  ${v.createdAt.toISOString()}  ${v.createdBy}  ${v.severity}  ${v.enabled ? 'enabled' : 'disabled'}${v.note ? `  (${v.note})` : ''}`);
    }
  }

  @Option({ flags: '--diff <from..to>', description: 'print the unified diff between two versions instead' })
  parseDiff(v: string): string {
    return v;
  }
}

@SubCommand({ name: 'rollback', arguments: '<id>', description: 'Make an old version of a rule current again (saved as a new version)' })
export class RulesRollbackCommand extends CommandRunner {
  constructor(private readonly rules: RulesService) {
    super();
  }

  async run([id]: string[], opts: { to?: number }): Promise<void> {
    if (!opts.to) throw new RuleValidationError(['--to: the version to roll back to is required']);
    const { rule } = await this.rules.rollback(id, opts.to, actor());
    out(`${rule.id} is now v${rule.version} (the content of v${opts.to}).`);
  }

  @Option({ flags: '--to <version>', description: 'the version to make current again', required: true })
  parseTo(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new RuleValidationError([`--to: a version number is required (got "${v}")`]);
    return n;
  }
}

interface BacktestFlags {
  query?: string;
  file?: string;
  from?: Date;
  to?: Date;
  samples?: number;
  json?: boolean;
}

@SubCommand({
  name: 'backtest',
  description: 'Run a draft rule (--query, or --file with one rule in YAML) over the stored articles, with a progress bar; nothing is saved',
})
export class RulesBacktestCommand extends CommandRunner {
  constructor(private readonly backtests: BacktestService) {
    super();
  }

  async run(_: string[], opts: BacktestFlags): Promise<void> {
    if (!opts.query === !opts.file) throw new RuleValidationError(['give either --query "..." or --file rule.yaml']);
    const draft = opts.file ? (parse(readFileSync(opts.file, 'utf8')) as unknown) : { query: opts.query };
    const bar = opts.json || !process.stderr.isTTY ? null : new SingleBar({ format: 'backtest [{bar}] {value}/{total} articles', stream: process.stderr });
    let started = false;
    const result = await this.backtests.backtest(draft, {
      from: opts.from,
      to: opts.to,
      samples: opts.samples,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
    });
    bar?.stop();
    if (opts.json) {
      out(JSON.stringify(result));
      return;
    }
    out(`${result.hits} hit(s) in ${result.articlesScanned} article(s) (${result.candidatesChecked} held the required words and were matched), ${result.elapsedMs} ms.`);
    const overlap = Object.entries(result.overlapByCategory);
    if (overlap.length) out(`Already matched as: ${overlap.map(([c, n]) => `${c} ${n}`).join(', ')}`);
    for (const s of result.samples) out(`- ${s.title} <${s.url}>\n    ${s.evidence[0]?.snippet ?? ''}`);
    for (const f of result.testFailures) out(`! test case fails (expected ${f.expected}): ${f.text}`);
    const d = result.decisions;
    out(
      `Past decisions: still catches ${d.confirmed.stillCaught} of ${d.confirmed.total} confirmed item(s), drops ${d.dismissed.nowDropped} of ${d.dismissed.total} dismissed; ` +
        `would add ${d.newlyCaughtConfirmed.count} item(s) analysts confirmed under other rules.`,
    );
    for (const i of d.confirmed.lost) out(`  lost (confirmed): ${i.title} [${i.reviewItemId}]`);
    for (const i of d.dismissed.stillCaught) out(`  still caught (dismissed): ${i.title} [${i.reviewItemId}]`);
  }

  @Option({ flags: '--query <query>', description: 'the draft query' })
  parseQuery(v: string): string {
    return v;
  }
  @Option({ flags: '--file <rule.yaml>', description: 'a YAML file with one draft rule (query, category, tests...)' })
  parseFile(v: string): string {
    return v;
  }
  @Option({ flags: '--from <date>', description: 'articles stored from this date (ISO)' })
  parseFrom(v: string): Date {
    return isoDate('--from', v);
  }
  @Option({ flags: '--to <date>', description: 'articles stored before this date (ISO)' })
  parseTo(v: string): Date {
    return isoDate('--to', v);
  }
  @Option({ flags: '--samples <n>', description: 'sample hits to show (default 10)' })
  parseSamples(v: string): number {
    return Number(v);
  }
  @Option({ flags: '--json', description: 'print the result as JSON' })
  parseJson(): boolean {
    return true;
  }
}

function isoDate(flag: string, v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new RuleValidationError([`${flag}: not a date ("${v}")`]);
  return d;
}


/** `backtest` at the top level, as `rules backtest` (the name the rule editors' guide uses). */
@Command({
  name: 'backtest',
  description: 'Same as `rules backtest`: run a draft rule over the stored articles, with a progress bar; nothing is saved',
})
export class BacktestCommand extends RulesBacktestCommand {}

export const RULES_STORE_COMMANDS = [BacktestCommand, RulesBacktestCommand, RulesExportCommand, RulesHistoryCommand, RulesImportCommand, RulesRollbackCommand];
