import { AppConfig } from '@app/config';
import { Prisma, PrismaService, Source } from '@app/database';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { extractArticle } from './article-extractor';
import { FeedItem } from './feed-item';
import { FeedParseError } from './feed-parse.error';
import { FeedKind, ListingSelectors, parseFeed } from './feed-parser';
import { FetchError } from './fetch.error';
import { FetchOptions, fetchDocument } from './http-fetcher';
import { canonicalUrl, cleanText, contentHash } from './normalise';
import { PollResult } from './poll-result';
import { nextPollAfterFailure, nextPollAfterSuccess } from './poll-schedule';

type StoreOutcome = { kind: 'new'; articleId: string } | { kind: 'duplicate' };

@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
  ) {}

  private get fetchOptions(): FetchOptions {
    return { timeoutMs: this.config.fetchTimeoutMs, maxBytes: this.config.fetchMaxBytes, userAgent: this.config.fetchUserAgent };
  }

  /**
   * Polls one source: stores each new article once and queues it for
   * classification. A feed that cannot be fetched or parsed is recorded on the
   * source's health and its next poll backs off.
   */
  async pollSource(sourceId: string): Promise<PollResult> {
    const source = await this.prisma.source.findUniqueOrThrow({ where: { id: sourceId } });
    const result: PollResult = { sourceId, sourceName: source.name, items: 0, newArticleIds: [], duplicates: 0, failed: [] };
    this.logger.log(`poll ${source.key ?? source.id} start`);
    await this.prisma.source.update({ where: { id: sourceId }, data: { lastAttemptAt: new Date() } });

    let items: FeedItem[];
    let status: number;
    try {
      const doc = await fetchDocument(source.url, { ...this.fetchOptions, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml, text/html;q=0.8, */*;q=0.5' });
      status = doc.status;
      items = await parseFeed(doc.body, source.kind as FeedKind, doc.finalUrl, source.selectors as ListingSelectors | null);
    } catch (e) {
      if (!(e instanceof FetchError || e instanceof FeedParseError)) throw e;
      result.error = e.message;
      const failures = source.consecutiveFailures + 1;
      await this.prisma.source.update({
        where: { id: sourceId },
        data: {
          consecutiveFailures: failures,
          lastError: e.message,
          lastStatus: e instanceof FetchError ? (e.status ?? null) : undefined,
          nextPollAt: nextPollAfterFailure(new Date(), source.pollIntervalMinutes, failures),
        },
      });
      this.logger.warn(`poll ${source.key ?? source.id} failed: ${e.message}`);
      // No rethrow, even for transient failures: the source's own backoff
      // (nextPollAt) is the retry, so BullMQ retries would only double it.
      return result;
    }

    result.items = items.length;
    for (const item of items) {
      try {
        const outcome = await this.storeItem(source, item);
        if (outcome.kind === 'new') result.newArticleIds.push(outcome.articleId);
        else result.duplicates++;
      } catch (e) {
        result.failed.push({ url: item.link, reason: (e as Error).message });
      }
    }
    await this.prisma.source.update({
      where: { id: sourceId },
      data: {
        lastSuccessAt: new Date(),
        lastStatus: status,
        consecutiveFailures: 0,
        lastError: null,
        itemsSeen: { increment: items.length },
        nextPollAt: nextPollAfterSuccess(new Date(), source.pollIntervalMinutes),
      },
    });
    this.logger.log(`poll ${source.key ?? source.id} done: ${result.newArticleIds.length} new, ${result.duplicates} duplicate, ${result.failed.length} failed`);
    return result;
  }

  /** Queues classification; the job id makes a second enqueue of the same article a no-op. */
  async enqueueClassification(articleId: string): Promise<void> {
    await this.queues.add('classify', 'classify-article', { articleId }, { jobId: jobId.classify(articleId) });
  }

  private async storeItem(source: Source, item: FeedItem): Promise<StoreOutcome> {
    const canonical = canonicalUrl(item.link);
    const seen = await this.prisma.article.findFirst({
      where: { OR: [{ sourceId: source.id, guid: item.guid }, { canonicalUrl: canonical }] },
      select: { id: true },
    });
    if (seen) return { kind: 'duplicate' };

    const page = await this.fetchFullText(source, item);
    const title = page.title || item.title;
    const text = page.text.length >= item.summary.length ? page.text : item.summary;
    const hash = contentHash(title, text);
    if (await this.prisma.article.findFirst({ where: { contentHash: hash }, select: { id: true } })) return { kind: 'duplicate' };

    try {
      const article = await this.prisma.article.create({
        data: {
          sourceId: source.id,
          guid: item.guid,
          url: item.link,
          canonicalUrl: canonical,
          title: cleanText(title) || '(untitled)',
          summary: item.summary || null,
          text,
          contentHash: hash,
          language: source.language,
          publishedAt: item.published,
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

  /** The article page's text; the feed's summary stands in when the page cannot be had. */
  private async fetchFullText(source: Source, item: FeedItem): Promise<{ title: string; text: string }> {
    try {
      const doc = await fetchDocument(item.link, { ...this.fetchOptions, accept: 'text/html, application/xhtml+xml' });
      const selectors = source.selectors as { body?: string } | null;
      return extractArticle(doc.body, selectors?.body);
    } catch (e) {
      this.logger.warn(`article page ${item.link} unavailable, keeping the feed summary: ${(e as Error).message}`);
      return { title: '', text: '' };
    }
  }
}
