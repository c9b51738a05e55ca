import { PrismaService, Source } from '@app/database';
import { AppConfig } from '@app/config';
import { FetchError, SourceValidationError, SourcesService, createFetcher, detectFeedKind } from '@app/ingest';
import { userInfo } from 'node:os';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

const out = (line: string) => process.stdout.write(`${line}\n`);

function health(s: Source): string {
  if (!s.enabled) return 'paused';
  if (s.consecutiveFailures) return `FAILING x${s.consecutiveFailures} since ${s.lastSuccessAt?.toISOString() ?? 'never succeeded'}: ${s.lastError}`;
  return s.lastSuccessAt ? `ok, last success ${s.lastSuccessAt.toISOString()}` : 'never polled';
}

@SubCommand({ name: 'list', description: 'List sources: id, state, kind, name, address' })
export class SourcesListCommand extends CommandRunner {
  constructor(private readonly sources: SourcesService) {
    super();
  }

  async run(_: string[], opts: { json?: boolean }): Promise<void> {
    const sources = await this.sources.list();
    if (opts.json) {
      out(JSON.stringify(sources, null, 2));
      return;
    }
    if (!sources.length) out('No sources yet: add one with `sources add --url URL`, or run `npm run demo` for the sample source.');
    for (const s of sources) out(`${s.id}  ${s.enabled ? 'on ' : 'off'}  ${s.kind.padEnd(4)}  ${s.name}  <${s.url}>`);
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'health', description: 'Health of every source: last attempt and success, HTTP status, failures in a row, items seen, next poll, last error' })
export class SourcesHealthCommand extends CommandRunner {
  constructor(private readonly sources: SourcesService) {
    super();
  }

  async run(_: string[], opts: { json?: boolean }): Promise<void> {
    const sources = await this.sources.list();
    if (opts.json) {
      const fields = sources.map(({ id, name, enabled, lastAttemptAt, lastSuccessAt, lastStatus, consecutiveFailures, itemsSeen, nextPollAt, lastError, entryRetryPolls }) => ({
        id, name, enabled, lastAttemptAt, lastSuccessAt, lastStatus, consecutiveFailures, itemsSeen, nextPollAt, lastError, entryRetryPolls,
      }));
      out(JSON.stringify(fields, null, 2));
      return;
    }
    for (const s of sources) {
      out(`${s.name} (${s.id})`);
      out(`  ${health(s)}`);
      out(`  last attempt ${s.lastAttemptAt?.toISOString() ?? '-'}, HTTP ${s.lastStatus ?? '-'}, items seen ${s.itemsSeen}, next poll ${s.nextPollAt?.toISOString() ?? 'now'}`);
      if (s.entryRetryPolls) out(`  entries failed at the last ${s.entryRetryPolls} poll(s): the whole feed is fetched again to retry them`);
    }
  }

  @Option({ flags: '--json', description: 'print JSON' })
  parseJson(): boolean {
    return true;
  }
}

interface AddFlags {
  url?: string;
  kind?: string;
  name?: string;
  interval?: number;
  language?: string;
  item?: string;
  link?: string;
  title?: string;
  date?: string;
  summary?: string;
  body?: string;
  disabled?: boolean;
}

@SubCommand({
  name: 'add',
  description:
    'Add a source. Kinds: rss, atom, rdf, json (feeds; read from the address when --kind is left out) or html (a listing page read with CSS selectors --item and --link)',
})
export class SourcesAddCommand extends CommandRunner {
  constructor(
    private readonly sources: SourcesService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async run(_: string[], f: AddFlags): Promise<void> {
    if (!f.url) throw new SourceValidationError(['--url: required']);
    const kind = f.kind ?? (await this.detectKind(f.url));
    const selectors = Object.fromEntries(Object.entries({ item: f.item, link: f.link, title: f.title, date: f.date, summary: f.summary, body: f.body }).filter(([, v]) => v));
    const source = await this.sources.create(
      {
        url: f.url,
        kind,
        name: f.name ?? new URL(f.url).hostname,
        pollIntervalMinutes: f.interval,
        language: f.language,
        enabled: !f.disabled,
        selectors: Object.keys(selectors).length ? selectors : undefined,
      },
      `cli:${userInfo().username}`,
    );
    out(`Added ${source.name} (${source.id}), ${source.kind}, every ${source.pollIntervalMinutes} min${source.enabled ? '' : ', paused'}.`);
  }

  /** Fetches the address once, as the poller would, and reads what kind of feed it is. */
  private async detectKind(url: string): Promise<string> {
    const fetcher = createFetcher(this.config);
    try {
      const res = await fetcher.fetch(url);
      if (res.kind !== 'ok') throw new SourceValidationError(['--kind: the address answered 304 with nothing to read; give --kind']);
      const found = detectFeedKind(res.text, res.finalUrl);
      if (found.kind) return found.kind;
      const hint = found.feedLinks.length ? `; the page advertises ${found.feedLinks.join(', ')}: add that instead` : '';
      throw new SourceValidationError([`--kind: ${found.reason}${hint} (or give --kind html with --item and --link selectors)`]);
    } catch (e) {
      if (e instanceof FetchError) throw new SourceValidationError([`--url: ${e.describe()} Give --kind to add it anyway.`]);
      throw e;
    } finally {
      await fetcher.close();
    }
  }

  @Option({ flags: '--url <url>', description: 'feed or listing page address (http or https)', required: true })
  parseUrl(v: string): string {
    return v;
  }
  @Option({ flags: '--kind <kind>', description: 'rss, atom, rdf, json or html (default: read from what the address returns)' })
  parseKind(v: string): string {
    return v;
  }
  @Option({ flags: '--name <name>', description: 'display name (default: the host)' })
  parseName(v: string): string {
    return v;
  }
  @Option({ flags: '--interval <minutes>', description: 'poll interval in minutes (default 60)' })
  parseInterval(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new SourceValidationError([`--interval: a whole number of minutes (got "${v}")`]);
    return n;
  }
  @Option({ flags: '--language <code>', description: 'language hint, e.g. en, ko, zh, ru' })
  parseLanguage(v: string): string {
    return v;
  }
  @Option({ flags: '--item <css>', description: 'html: selector of each entry' })
  parseItem(v: string): string {
    return v;
  }
  @Option({ flags: '--link <css>', description: 'html: selector of the entry link' })
  parseLink(v: string): string {
    return v;
  }
  @Option({ flags: '--title <css>', description: 'html: selector of the entry title' })
  parseTitle(v: string): string {
    return v;
  }
  @Option({ flags: '--date <css>', description: 'html: selector of the entry date' })
  parseDate(v: string): string {
    return v;
  }
  @Option({ flags: '--summary <css>', description: 'html: selector of the entry summary' })
  parseSummary(v: string): string {
    return v;
  }
  @Option({ flags: '--body <css>', description: 'selector of the article body on article pages' })
  parseBody(v: string): string {
    return v;
  }
  @Option({ flags: '--disabled', description: 'add it paused' })
  parseDisabled(): boolean {
    return true;
  }
}

@Command({ name: 'sources', description: 'Manage news sources: list, add, health', subCommands: [SourcesAddCommand, SourcesHealthCommand, SourcesListCommand] })
export class SourcesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

@SubCommand({ name: 'list', description: 'Stored articles, newest first' })
export class ArticlesListCommand extends CommandRunner {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async run(_: string[], opts: { json?: boolean; limit?: number; source?: string }): Promise<void> {
    const articles = await this.prisma.article.findMany({
      where: opts.source ? { source: { OR: [{ key: opts.source }, ...(/^[0-9a-f-]{36}$/i.test(opts.source) ? [{ id: opts.source }] : [])] } } : {},
      orderBy: { id: 'desc' },
      take: opts.limit ?? 50,
      select: { id: true, title: true, url: true, language: true, publishedAt: true, fetchedAt: true, storyId: true, source: { select: { id: true, name: true } } },
    });
    if (opts.json) {
      for (const a of articles) out(JSON.stringify(a));
      return;
    }
    for (const a of articles) out(`${a.publishedAt?.toISOString().slice(0, 10) ?? 'undated   '}  ${a.source.name}  ${a.title}  <${a.url}>`);
  }

  @Option({ flags: '--json', description: 'one JSON object per line' })
  parseJson(): boolean {
    return true;
  }
  @Option({ flags: '--limit <n>', description: 'how many (default 50)' })
  parseLimit(v: string): number {
    return Math.max(1, Math.min(10_000, Number(v) || 50));
  }
  @Option({ flags: '--source <id-or-key>', description: 'only this source' })
  parseSource(v: string): string {
    return v;
  }
}

@Command({ name: 'articles', description: 'Stored articles', subCommands: [ArticlesListCommand] })
export class ArticlesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
