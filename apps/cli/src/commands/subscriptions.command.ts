import { Subscription } from '@app/database';
import {
  DigestService,
  SubscriptionFilters,
  SubscriptionValidationError,
  SubscriptionsService,
  describeFilters,
  describeSchedule,
  readFilters,
} from '@app/digest';
import { writeFileSync } from 'node:fs';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

const out = (line: string) => process.stdout.write(`${line}\n`);
const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);

function yesNo(flag: string, v: string): boolean {
  if (/^(yes|true|on|1)$/i.test(v)) return true;
  if (/^(no|false|off|0)$/i.test(v)) return false;
  throw new SubscriptionValidationError([`${flag}: yes or no (got "${v}")`]);
}

function show(s: Subscription): string[] {
  const active = s.recipients.filter((r) => !s.unsubscribed.includes(r));
  return [
    `${s.id}  ${s.enabled ? 'on ' : 'off'}  ${s.name}${s.key ? ` [${s.key}]` : ''}`,
    `  to: ${active.join(', ') || '(nobody)'}${s.unsubscribed.length ? `; unsubscribed: ${s.unsubscribed.join(', ')}` : ''}`,
    `  ${describeSchedule(s.schedule, s.timezone)}; ${describeFilters(readFilters(s.filters))}; empty digests ${s.sendEmpty ? 'sent' : 'skipped'}; immediate alerts ${s.immediateAlerts ? 'on' : 'off'}`,
  ];
}

/** Flags shared by add and update; "any" clears a filter. */
interface FieldFlags {
  name?: string;
  to?: string[];
  schedule?: string;
  timezone?: string;
  category?: string[];
  minSeverity?: string;
  country?: string[];
  source?: string[];
  confirmedOnly?: boolean;
  sendEmpty?: boolean;
  alerts?: boolean;
  enabled?: boolean;
}

function fields(f: FieldFlags, current: SubscriptionFilters = {}): Record<string, unknown> {
  const filters: Record<string, unknown> = { ...current };
  const set = (k: keyof SubscriptionFilters, v: unknown) => {
    if (v === undefined) return;
    if ((Array.isArray(v) && v.length === 1 && v[0] === 'any') || v === 'any') delete filters[k];
    else filters[k] = v;
  };
  set('categories', f.category);
  set('minSeverity', f.minSeverity);
  set('countries', f.country);
  set('sources', f.source);
  if (f.confirmedOnly !== undefined) set('confirmedOnly', f.confirmedOnly || 'any');
  const touched = [f.category, f.minSeverity, f.country, f.source, f.confirmedOnly].some((v) => v !== undefined);
  const body: Record<string, unknown> = {
    name: f.name,
    recipients: f.to,
    schedule: f.schedule,
    timezone: f.timezone,
    sendEmpty: f.sendEmpty,
    immediateAlerts: f.alerts,
    enabled: f.enabled,
    ...(touched ? { filters } : {}),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/** The options of add and update, declared once. */
abstract class FieldOptions extends CommandRunner {
  @Option({ flags: '--name <name>', description: 'display name (also in the subject line)' })
  parseName(v: string): string {
    return v;
  }
  @Option({ flags: '--to <addresses>', description: 'recipients, comma-separated (update: replaces the list)' })
  parseTo(v: string): string[] {
    return list(v);
  }
  @Option({ flags: '--schedule <when>', description: 'a preset ("daily at 7", "weekly on monday at 8:30") or a five-field cron expression (default "0 7 * * *")' })
  parseSchedule(v: string): string {
    return v;
  }
  @Option({ flags: '--timezone <tz>', description: 'IANA time zone the schedule is read in, e.g. Europe/London (default UTC)' })
  parseTimezone(v: string): string {
    return v;
  }
  @Option({ flags: '--category <list>', description: 'only these categories, comma-separated ("any" clears)' })
  parseCategory(v: string): string[] {
    return list(v);
  }
  @Option({ flags: '--min-severity <level>', description: 'low, medium, high or critical ("any" clears)' })
  parseMinSeverity(v: string): string {
    return v;
  }
  @Option({ flags: '--country <codes>', description: 'only items naming places in these countries, e.g. RU,CN ("any" clears)' })
  parseCountry(v: string): string[] {
    return list(v);
  }
  @Option({ flags: '--source <ids-or-keys>', description: 'only items from these sources ("any" clears)' })
  parseSource(v: string): string[] {
    return list(v);
  }
  @Option({ flags: '--confirmed-only <yes|no>', description: 'only items an analyst confirmed (default no: every match not dismissed)' })
  parseConfirmedOnly(v: string): boolean {
    return yesNo('--confirmed-only', v);
  }
  @Option({ flags: '--send-empty <yes|no>', description: 'send a digest with its coverage even when nothing matched (default no)' })
  parseSendEmpty(v: string): boolean {
    return yesNo('--send-empty', v);
  }
  @Option({ flags: '--alerts <yes|no>', description: 'mail at once when an item opens as critical or is escalated (default no)' })
  parseAlerts(v: string): boolean {
    return yesNo('--alerts', v);
  }
  @Option({ flags: '--enabled <yes|no>', description: 'pause (no) or resume (yes) the digests' })
  parseEnabled(v: string): boolean {
    return yesNo('--enabled', v);
  }
}

@SubCommand({ name: 'list', description: 'List subscriptions: recipients, schedule, filters, alerts' })
export class SubscriptionsListCommand extends CommandRunner {
  constructor(private readonly subscriptions: SubscriptionsService) {
    super();
  }

  async run(_: string[], opts: { json?: boolean }): Promise<void> {
    const subs = await this.subscriptions.list();
    if (opts.json) {
      out(JSON.stringify(subs, null, 2));
      return;
    }
    if (!subs.length) out('No subscriptions yet: add one with `subscriptions add --name NAME --to ADDRESS`.');
    for (const s of subs) show(s).forEach(out);
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'add', description: 'Add a subscription: --name and --to are required; schedule, time zone, filters and alerts are optional' })
export class SubscriptionsAddCommand extends FieldOptions {
  constructor(private readonly subscriptions: SubscriptionsService) {
    super();
  }

  async run(_: string[], f: FieldFlags): Promise<void> {
    const s = await this.subscriptions.create(fields(f));
    out(`Added ${s.name} (${s.id}).`);
    show(s).slice(1).forEach(out);
  }
}

@SubCommand({ name: 'update', arguments: '<id-or-key>', description: 'Change the given fields of a subscription; filter flags change only that filter ("any" clears it)' })
export class SubscriptionsUpdateCommand extends FieldOptions {
  constructor(private readonly subscriptions: SubscriptionsService) {
    super();
  }

  async run([id]: string[], f: FieldFlags): Promise<void> {
    const current = await this.subscriptions.get(id);
    const s = await this.subscriptions.update(current.id, fields(f, readFilters(current.filters)));
    out(`Updated ${s.name} (${s.id}).`);
    show(s).slice(1).forEach(out);
  }
}

@SubCommand({ name: 'remove', arguments: '<id-or-key>', description: 'Remove a subscription and its delivery log' })
export class SubscriptionsRemoveCommand extends CommandRunner {
  constructor(private readonly subscriptions: SubscriptionsService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    const s = await this.subscriptions.remove(id);
    out(`Removed ${s.name} (${s.id}).`);
  }
}

@SubCommand({ name: 'preview', arguments: '<id-or-key>', description: 'Render the next digest as it would be built now, without storing or sending it' })
export class SubscriptionsPreviewCommand extends CommandRunner {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly digests: DigestService,
  ) {
    super();
  }

  async run([id]: string[], opts: { json?: boolean; html?: string }): Promise<void> {
    const sub = await this.subscriptions.get(id);
    const p = await this.digests.preview(sub.id);
    if (opts.json) {
      out(JSON.stringify(p, null, 2));
      return;
    }
    if (opts.html) writeFileSync(opts.html, p.html);
    out(`Subject: ${p.subject}`);
    out(`To: ${p.recipients.join(', ') || '(nobody)'}`);
    out(p.wouldSend ? `Would be sent (${p.itemCount} item(s)).` : 'Would not be sent: nothing new, and this subscription skips empty digests.');
    if (opts.html) out(`HTML written to ${opts.html}`);
    out('');
    process.stdout.write(p.text);
  }

  @Option({ flags: '--json', description: 'print subject, HTML and text as JSON' })
  parseJson(): boolean {
    return true;
  }
  @Option({ flags: '--html <file>', description: 'also write the HTML to this file, to open in a browser' })
  parseHtml(v: string): string {
    return v;
  }
}

@SubCommand({ name: 'deliveries', arguments: '<id-or-key>', description: 'The delivery log of a subscription: digests and alerts with status, attempts, Message-ID and error' })
export class SubscriptionsDeliveriesCommand extends CommandRunner {
  constructor(private readonly subscriptions: SubscriptionsService) {
    super();
  }

  async run([id]: string[], opts: { json?: boolean; limit?: number }): Promise<void> {
    const log = await this.subscriptions.deliveries(id, opts.limit ?? 20);
    if (opts.json) {
      out(JSON.stringify(log, null, 2));
      return;
    }
    if (!log.length) out('Nothing delivered yet.');
    for (const d of log) {
      const what = d.kind === 'digest' ? `digest ${d.periodEnd.toISOString()} (${d.itemCount} items)` : `alert ${d.reason} item ${d.reviewItemId}`;
      out(`${d.createdAt.toISOString()}  ${d.status.padEnd(7)}  ${what}  attempts ${d.attempts}  to ${d.recipients.join(', ')}`);
      out(`  ${d.subject}`);
      if (d.messageId) out(`  Message-ID ${d.messageId}`);
      if (d.error) out(`  error: ${d.error}`);
    }
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
  @Option({ flags: '--limit <n>', description: 'how many (default 20)' })
  parseLimit(v: string): number {
    return Math.max(1, Math.min(500, Number(v) || 20));
  }
}

@Command({
  name: 'subscriptions',
  description: 'Digest subscriptions: list, add, update, remove, preview the next digest, delivery log',
  subCommands: [SubscriptionsAddCommand, SubscriptionsDeliveriesCommand, SubscriptionsListCommand, SubscriptionsPreviewCommand, SubscriptionsRemoveCommand, SubscriptionsUpdateCommand],
})
export class SubscriptionsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

export const SUBSCRIPTIONS_COMMANDS = [
  SubscriptionsAddCommand,
  SubscriptionsCommand,
  SubscriptionsDeliveriesCommand,
  SubscriptionsListCommand,
  SubscriptionsPreviewCommand,
  SubscriptionsRemoveCommand,
  SubscriptionsUpdateCommand,
];
