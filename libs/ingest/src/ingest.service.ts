import { Prisma, PrismaService, Source } from '@app/database';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { SIMHASH_CANDIDATE_DISTANCE, STORY_WINDOW_DAYS, StoryCandidate, isSameStory, simhash64 } from './dedup';
import { extractArticle } from './extract';
import { detectLanguage } from './language';
import { FeedItem } from './feed-item';
import { FeedParseError } from './feed-parse.error';
import { FeedKind, ListingSelectors, parseFeed } from './feed-parser';
import { FetchError, HttpFetcher } from './fetch';
import { canonicalUrl, cleanText, contentHash } from './normalise';
import { PollResult } from './poll-result';
import { nextPollAfterFailure, nextPollAfterSuccess } from './poll-schedule';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

type StoreOutcome = { kind: 'new'; articleId: string } | { kind: 'updated'; articleId: string } | { kind: 'duplicate' };

@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly fetcher: HttpFetcher,
  ) {}

  /**
   * Polls one source: stores each new article once and queues it for
   * classification. A feed that cannot be fetched or parsed is recorded on the
   * source's health and its next poll backs off.
   */
  async pollSource(sourceId: string): Promise<PollResult> {
    const source = await this.prisma.source.findUniqueOrThrow({ where: { id: sourceId } });
    const result: PollResult = { sourceId, sourceName: source.name, items: 0, newArticleIds: [], updatedArticleIds: [], duplicates: 0, failed: [] };
    this.logger.log(`poll ${source.key ?? source.id} start`);
    await this.prisma.source.update({ where: { id: sourceId }, data: { lastAttemptAt: new Date() } });

    let items: FeedItem[];
    let status: number;
    let validators: { etag: string | null; lastModified: string | null };
    try {
      const res = await this.fetcher.fetch(source.url, {
        accept: FEED_ACCEPT,
        etag: source.etag ?? undefined,
        lastModified: source.lastModified ?? undefined,
      });
      if (res.kind === 'not-modified') {
        // Nothing changed since the last poll: no parsing, no page fetches.
        await this.recordSuccess(source, 304, 0, { etag: res.etag ?? source.etag, lastModified: res.lastModified ?? source.lastModified });
        this.logger.log(`poll ${source.key ?? source.id} done: not modified`);
        return { ...result, notModified: true };
      }
      status = res.status;
      validators = { etag: res.etag ?? null, lastModified: res.lastModified ?? null };
      items = await parseFeed(res.text, source.kind as FeedKind, res.finalUrl, source.selectors as ListingSelectors | null);
    } catch (e) {
      if (!(e instanceof FetchError || e instanceof FeedParseError)) throw e;
      result.error = e instanceof FetchError ? e.describe() : e.message;
      const failures = source.consecutiveFailures + 1;
      await this.prisma.source.update({
        where: { id: sourceId },
        data: {
          consecutiveFailures: failures,
          lastError: result.error,
          lastStatus: e instanceof FetchError ? (e.status ?? null) : status!,
          nextPollAt: nextPollAfterFailure(new Date(), source.pollIntervalMinutes, failures, e instanceof FetchError ? e.retryAfterMs : undefined),
        },
      });
      this.logger.warn(`poll ${source.key ?? source.id} failed: ${result.error}`);
      // No rethrow, even for transient failures: the source's own backoff
      // (nextPollAt) is the retry, so BullMQ retries would only double it.
      return result;
    }

    result.items = items.length;
    for (const item of items) {
      try {
        const outcome = await this.storeItem(source, item);
        if (outcome.kind === 'new') result.newArticleIds.push(outcome.articleId);
        else if (outcome.kind === 'updated') result.updatedArticleIds.push(outcome.articleId);
        else result.duplicates++;
      } catch (e) {
        result.failed.push({ url: item.link, reason: (e as Error).message });
      }
    }
    await this.recordSuccess(source, status, items.length, validators);
    this.logger.log(`poll ${source.key ?? source.id} done: ${result.newArticleIds.length} new, ${result.duplicates} duplicate, ${result.failed.length} failed`);
    return result;
  }

  private async recordSuccess(source: Source, status: number, items: number, validators: { etag: string | null; lastModified: string | null }): Promise<void> {
    await this.prisma.source.update({
      where: { id: source.id },
      data: {
        lastSuccessAt: new Date(),
        lastStatus: status,
        consecutiveFailures: 0,
        lastError: null,
        itemsSeen: { increment: items },
        etag: validators.etag,
        lastModified: validators.lastModified,
        nextPollAt: nextPollAfterSuccess(new Date(), source.pollIntervalMinutes),
      },
    });
  }

  /** Queues classification; the job id makes a second enqueue of the same article version a no-op. */
  async enqueueClassification(articleId: string, version = 1): Promise<void> {
    await this.queues.add('classify', 'classify-article', { articleId }, { jobId: jobId.classify(articleId, version) });
  }

  /**
   * Fetches a changed entry's page again. Different text makes a new version:
   * the earlier ones stay, so an analyst can show what the page said when it
   * matched; the new text is classified again.
   */
  private async refreshArticle(
    source: Source,
    item: FeedItem,
    seen: { id: string; contentHash: string; version: number },
  ): Promise<StoreOutcome> {
    const page = await this.fetchFullText(source, item);
    const title = cleanText(page.title || item.title) || '(untitled)';
    const text = page.text.length >= item.summary.length ? page.text : item.summary;
    const hash = contentHash(title, text);
    if (hash === seen.contentHash) {
      await this.prisma.article.update({ where: { id: seen.id }, data: { entryHash: entryHash(item) } });
      return { kind: 'duplicate' };
    }
    const version = seen.version + 1;
    await this.prisma.$transaction([
      this.prisma.articleVersion.create({
        data: {
          articleId: seen.id,
          version,
          finalUrl: page.finalUrl ?? item.link,
          httpStatus: page.status ?? null,
          headers: page.headers ?? {},
          rawHash: page.rawHash ?? sha256(`${item.title}\n${item.summary}`),
          title,
          text,
        },
      }),
      this.prisma.article.update({
        where: { id: seen.id },
        data: { title, text, contentHash: hash, entryHash: entryHash(item), version, simhash: simhash64(text), classifiedAt: null },
      }),
    ]);
    await this.enqueueClassification(seen.id, version);
    this.logger.log(`article ${seen.id} changed: version ${version}`);
    return { kind: 'updated', articleId: seen.id };
  }

  private async storeItem(source: Source, item: FeedItem): Promise<StoreOutcome> {
    const canonical = canonicalUrl(item.link);
    const seen = await this.prisma.article.findFirst({
      where: { OR: [{ sourceId: source.id, guid: item.guid }, { canonicalUrl: canonical }] },
      select: { id: true, classifiedAt: true, sourceId: true, guid: true, entryHash: true, contentHash: true, version: true },
    });
    if (seen) {
      // A poll killed between storing and queueing left it unclassified: queue it now (the job id keeps it once).
      if (!seen.classifiedAt) await this.enqueueClassification(seen.id, seen.version);
      // The same entry of the same feed, changed since: the page may have been edited.
      if (seen.sourceId === source.id && seen.guid === item.guid && seen.entryHash && seen.entryHash !== entryHash(item)) {
        return this.refreshArticle(source, item, seen);
      }
      return { kind: 'duplicate' };
    }

    const page = await this.fetchFullText(source, item);
    const title = cleanText(page.title || item.title) || '(untitled)';
    const fromPage = page.text.length >= item.summary.length;
    const text = fromPage ? page.text : item.summary;
    const hash = contentHash(title, text);
    if (await this.prisma.article.findFirst({ where: { contentHash: hash }, select: { id: true } })) return { kind: 'duplicate' };

    const publishedAt = item.published ?? page.publishedAt ?? null;
    const simhash = simhash64(text);
    const storyId = await this.storyFor({ title, text, simhash, publishedAt });
    try {
      const article = await this.prisma.article.create({
        data: {
          sourceId: source.id,
          storyId,
          guid: item.guid,
          url: item.link,
          canonicalUrl: canonical,
          title,
          summary: item.summary || null,
          text,
          contentHash: hash,
          language: detectLanguage(`${title}\n${text}`, page.lang ?? source.language),
          // The feed's date, else the page's own; never invented.
          publishedAt,
          simhash,
          entryHash: entryHash(item),
          // What was fetched, kept as evidence of what the page said.
          versions: {
            create: {
              version: 1,
              finalUrl: page.finalUrl ?? item.link,
              httpStatus: page.status ?? null,
              headers: page.headers ?? {},
              rawHash: page.rawHash ?? sha256(`${item.title}\n${item.summary}`),
              title,
              text,
            },
          },
        },
      });
      await this.enqueueClassification(article.id);
      return { kind: 'new', articleId: article.id };
    } catch (e) {
      // Another worker stored the same item between our check and insert.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return { kind: 'duplicate' };
      throw e;
    }
  }

  /**
   * The story a new article belongs to: the one of a recent article that is a
   * copy or rewrite of it (SimHash finds candidates, shingle overlap decides,
   * see dedup/story-matcher.ts), else a new story of its own.
   */
  private async storyFor(article: StoryCandidate): Promise<string> {
    const since = new Date(Date.now() - STORY_WINDOW_DAYS * 24 * 3600_000);
    const candidates = await this.prisma.$queryRaw<{ id: string; storyId: string | null; title: string; text: string; simhash: bigint; publishedAt: Date | null }[]>`
      SELECT id, "storyId", title, text, simhash, "publishedAt" FROM "Article"
      WHERE "createdAt" > ${since} AND simhash IS NOT NULL
        AND bit_count((simhash # ${article.simhash})::bit(64)) <= ${SIMHASH_CANDIDATE_DISTANCE}
      ORDER BY bit_count((simhash # ${article.simhash})::bit(64)) LIMIT 20`;
    const same = candidates.find((c) => isSameStory(article, c).same);
    if (same?.storyId) {
      await this.prisma.story.update({ where: { id: same.storyId }, data: { lastSeenAt: new Date() } });
      return same.storyId;
    }
    const story = await this.prisma.story.create({ data: { title: article.title } });
    // An article stored before stories existed joins the story it started.
    if (same) await this.prisma.article.update({ where: { id: same.id }, data: { storyId: story.id } });
    return story.id;
  }

  /** The article page's text; the feed's summary stands in when the page cannot be had. */
  private async fetchFullText(source: Source, item: FeedItem): Promise<FetchedPage> {
    try {
      const res = await this.fetcher.fetch(item.link, { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' });
      if (res.kind !== 'ok') return NO_PAGE;
      const selectors = source.selectors as { body?: string } | null;
      const page = extractArticle(res.text, { url: res.finalUrl, selector: selectors?.body });
      return { ...page, finalUrl: res.finalUrl, status: res.status, headers: evidenceHeaders(res.headers), rawHash: res.rawHash };
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      this.logger.warn(`article page ${item.link} unavailable, keeping the feed summary: ${e.describe()}`);
      return NO_PAGE;
    }
  }
}

interface FetchedPage {
  title: string;
  text: string;
  lang?: string | null;
  publishedAt?: Date | null;
  finalUrl?: string;
  status?: number;
  headers?: Record<string, string>;
  rawHash?: string;
}

const NO_PAGE: FetchedPage = { title: '', text: '' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The feed entry as the feed gave it: when it changes, the page is worth fetching again. */
function entryHash(item: FeedItem): string {
  return sha256(JSON.stringify([item.title, item.summary, item.published?.toISOString() ?? null]));
}

/** Response headers worth keeping as evidence (not cookies). */
function evidenceHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const keep = ['content-type', 'content-language', 'date', 'last-modified', 'etag', 'server', 'x-robots-tag'];
  return Object.fromEntries(keep.filter((k) => headers[k] !== undefined).map((k) => [k, String(headers[k])]));
}
