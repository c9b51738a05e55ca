import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule, checkPostgres } from '@app/database';
import { checkRedis } from '@app/queue';
import {
  DISMISS_REASONS,
  DISPOSITIONS,
  ReviewAction,
  ReviewItemDetail,
  ReviewModule,
  ReviewService,
  ReviewUpkeepService,
  ReviewValidationError,
} from '@app/review';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { userInfo } from 'node:os';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

const out = (line: string) => process.stdout.write(`${line}\n`);

@Module({})
class ReviewContextModule {}

/** Review commands need Redis (the queue); they build their own context so other commands never touch it. */
async function withReview<T>(config: AppConfig, fn: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  await checkPostgres(config.databaseUrl);
  await checkRedis(config.redisUrl);
  const app = await NestFactory.createApplicationContext(
    { module: ReviewContextModule, imports: [ConfigModule.forRoot(config), DatabaseModule, ReviewModule] },
    { logger: ['error'] },
  );
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function whoami(flag?: string): string {
  return flag ?? `cli:${userInfo().username}`;
}

function printItem(item: ReviewItemDetail): void {
  out(`${item.id}  ${item.state}  ${item.severity}  v${item.version}${item.overdue ? '  OVERDUE' : ''}`);
  out(`  ${item.title}`);
  out(`  categories: ${item.categories.join(', ')}; rules: ${item.ruleIds.join(', ')}; due ${item.dueAt.toISOString()}`);
  if (item.claimActive) out(`  held by ${item.claimedBy} until ${item.claimExpiresAt!.toISOString()}`);
  for (const a of item.articles) {
    out(`  - ${a.source.name}: ${a.title} <${a.url}>`);
    for (const m of a.matches) {
      const ev = (m.evidence as { snippet?: string }[])[0]?.snippet;
      out(`      ${m.ruleId} v${m.ruleVersion} (${m.category}, ${m.severity}, ${m.score.toFixed(1)})${ev ? `: ${ev}` : ''}`);
    }
  }
}

@SubCommand({ name: 'next', description: 'Take the next item in priority order (your claim lasts REVIEW_CLAIM_IDLE_MS without activity) and print it' })
export class ReviewNextCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], opts: { as?: string; json?: boolean }): Promise<void> {
    await withReview(this.config, async (app) => {
      const item = await app.get(ReviewService).takeNext(whoami(opts.as));
      if (!item) return out(opts.json ? 'null' : 'Nothing to review: the queue is empty.');
      if (opts.json) return out(JSON.stringify(item, null, 2));
      printItem(item);
      out(`Decide with: npm run cli -- review decide ${item.id} --confirm reportable|monitor  (or --dismiss REASON, --escalate)`);
    });
  }

  @Option({ flags: '--as <analyst>', description: 'act as this analyst (default cli:<your login>)' })
  parseAs(v: string): string {
    return v;
  }
  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
}

interface DecideFlags {
  confirm?: string;
  dismiss?: string;
  escalate?: boolean;
  reopen?: boolean;
  release?: boolean;
  assign?: string;
  note?: string;
  term?: string;
  version?: number;
  as?: string;
}

@SubCommand({
  name: 'decide',
  arguments: '<id>',
  description: `Decide an item: --confirm ${DISPOSITIONS.join('|')}, --dismiss ${DISMISS_REASONS.join('|')}, --escalate, --reopen, --assign NAME, --release, or only --note TEXT`,
})
export class ReviewDecideCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run([id]: string[], f: DecideFlags): Promise<void> {
    const chosen = [f.confirm && 'confirm', f.dismiss && 'dismiss', f.escalate && 'escalate', f.reopen && 'reopen', f.assign && 'assign', f.release && 'release'].filter(Boolean);
    if (chosen.length > 1) throw new ReviewValidationError(`choose one of --confirm, --dismiss, --escalate, --reopen, --assign, --release (got ${chosen.join(', ')})`);
    if (chosen.length === 0 && !f.note) throw new ReviewValidationError('nothing to do: give --confirm, --dismiss, --escalate, --reopen, --assign, --release or --note');
    const actor = whoami(f.as);
    await withReview(this.config, async (app) => {
      const review = app.get(ReviewService);
      if (f.release) {
        const r = await review.release(id, actor);
        return out(r.changed ? `released ${id}` : `${id} was not held`);
      }
      let action: ReviewAction;
      if (f.confirm) action = { type: 'confirm', disposition: f.confirm as 'reportable', note: f.note };
      else if (f.dismiss) action = { type: 'dismiss', reason: f.dismiss as 'off_topic', note: f.note, misleadingTerm: f.term };
      else if (f.escalate) action = { type: 'escalate', note: f.note };
      else if (f.reopen) action = { type: 'reopen', note: f.note };
      else if (f.assign) action = { type: 'assign', assignee: f.assign === 'none' ? null : f.assign, note: f.note };
      else action = { type: 'note', note: f.note! };
      const r = await review.act(id, actor, action, f.version);
      out(r.changed ? `${id}: ${r.item.state} (v${r.item.version})` : `${id}: already ${r.item.state}, nothing changed`);
    });
  }

  @Option({ flags: '--confirm <disposition>', description: `confirm: ${DISPOSITIONS.join(' or ')}` })
  parseConfirm(v: string): string {
    if (!DISPOSITIONS.includes(v as 'monitor')) throw new ReviewValidationError(`--confirm takes ${DISPOSITIONS.join(' or ')}, not "${v}"`);
    return v;
  }
  @Option({ flags: '--dismiss <reason>', description: `dismiss: ${DISMISS_REASONS.join(', ')}` })
  parseDismiss(v: string): string {
    if (!DISMISS_REASONS.includes(v as 'off_topic')) throw new ReviewValidationError(`--dismiss takes one of ${DISMISS_REASONS.join(', ')}, not "${v}"`);
    return v;
  }
  @Option({ flags: '--escalate', description: 'escalate the item' })
  parseEscalate(): boolean {
    return true;
  }
  @Option({ flags: '--reopen', description: 'reopen a decided or escalated item' })
  parseReopen(): boolean {
    return true;
  }
  @Option({ flags: '--release', description: 'give your claim back' })
  parseRelease(): boolean {
    return true;
  }
  @Option({ flags: '--assign <analyst>', description: 'assign to an analyst ("none" to unassign)' })
  parseAssign(v: string): string {
    return v;
  }
  @Option({ flags: '--note <text>', description: 'a note (alone: just add it)' })
  parseNote(v: string): string {
    return v;
  }
  @Option({ flags: '--term <term>', description: 'with --dismiss: the term that misled the rule' })
  parseTerm(v: string): string {
    return v;
  }
  @Option({ flags: '--version <n>', description: 'the version you saw: refuse if the item changed since' })
  parseVersion(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ReviewValidationError(`--version is a positive whole number, not "${v}"`);
    return n;
  }
  @Option({ flags: '--as <analyst>', description: 'act as this analyst (default cli:<your login>)' })
  parseAs(v: string): string {
    return v;
  }
}

@SubCommand({ name: 'stats', description: 'Counts by state, open items by category and severity, the oldest open item, decisions per analyst' })
export class ReviewStatsCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(_: string[], opts: { json?: boolean }): Promise<void> {
    await withReview(this.config, async (app) => {
      const s = await app.get(ReviewService).stats();
      if (opts.json) return out(JSON.stringify(s, null, 2));
      out(`States: ${Object.entries(s.byState).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      out(`Open by severity: ${Object.entries(s.openBySeverity).map(([k, v]) => `${k} ${v}`).join(', ')}; overdue ${s.overdue}`);
      out(`Open by category: ${Object.entries(s.openByCategory).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
      out(`Oldest open: ${s.oldestOpen ? `${s.oldestOpen.id}, opened ${s.oldestOpen.createdAt.toISOString()} (${Math.round(s.oldestOpen.ageMs / 3_600_000)} h ago)` : 'none'}`);
      out('Decisions per analyst:');
      for (const d of s.decisionsByAnalyst) out(`  ${d.actor}: ${d.total} (confirmed ${d.confirmed}, dismissed ${d.dismissed}, escalated ${d.escalated})`);
      if (!s.decisionsByAnalyst.length) out('  none yet');
    });
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'reconcile', description: 'Put every open item without a job back on the review queue and remove jobs of closed items (the worker does this on start and every few minutes)' })
export class ReviewReconcileCommand extends CommandRunner {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    await withReview(this.config, async (app) => {
      const r = await app.get(ReviewUpkeepService).reconcile();
      out(`requeued ${r.requeued}, removed ${r.removed}, lapsed claims ${r.lapsedClaims}, newly overdue ${r.overdue}`);
    });
  }
}

@Command({
  name: 'review',
  description: 'The analyst review queue: next, decide, stats, reconcile',
  subCommands: [ReviewNextCommand, ReviewDecideCommand, ReviewStatsCommand, ReviewReconcileCommand],
})
export class ReviewCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

export const REVIEW_COMMANDS = [ReviewCommand, ReviewDecideCommand, ReviewNextCommand, ReviewReconcileCommand, ReviewStatsCommand];
