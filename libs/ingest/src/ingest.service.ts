import { AppConfig } from '@app/config';
import { PrismaService, Source, SqlQuery, SqlService, isUniqueViolation } from '@app/database';
import { MetricsService } from '@app/metrics';
import { QueueService, jobId } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { FINGERPRINT_VERSION, STORY_WINDOW_DAYS, StoryCandidate, StoryKeys, fingerprint, isSameStory, storedStoryKeys } from './dedup';
import { FeedItem } from './feed-item';
import { FeedParseError } from './feed-parse.error';
import { FeedKind, ListingSelectors, parseFeed } from './feed-parser';
import { FetchError, HttpFetcher } from './fetch';
import { mapLimited } from './map-limited';
import { canonicalUrl } from './normalise';
import { ArticleReader, ReadArticle } from './read';
import { uuidv7 } from './uuid7';
import { PollResult } from './poll-result';
import { nextPollAfterFailure, nextPollAfterSuccess } from './poll-schedule';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5';

type StoreOutcome = { kind: 'new'; articleId: string } | { kind: 'updated'; articleId: string } | { kind: 'duplicate' };

/** What an earlier poll stored for a feed entry, looked up for all of a feed's entries at once. */
interface SeenArticle {
  id: string;
  classifiedAt: Date | null;
  sourceId: string;
  guid: string;
  canonicalUrl: string;
  entryHash: string | null;
  contentHash: string;
  version: number;
}

/**
 * Story candidates read per new article and kind of key: copies and rewrites
 * share the most band keys, so they come first, and the exact check stops at
 * the first match; the rest are same-subject texts it would reject anyway.
 * Strict keys are shared by copies only, so more of them are worth a look.
 */
const STRICT_CANDIDATES = 10;
/**
 * A rewrite (Jaccard 0.3 and up) shares four or more of the 48 loose keys on
 * average, same-subject texts one or two; beyond the first few, candidates
 * are ever less likely and each costs a full comparison.
 */
const LOOSE_CANDIDATES = 4;
/**
 * Articles read per strict key: copies of one text. The cap only matters for
 * a text copied more often than this within the window.
 */
const STRICT_HITS_PER_KEY = 20;
/**
 * Articles read per loose key. Where stock phrases make unrelated texts share
 * loose keys with much of the window (a generated corpus, an outlet's
 * templates) this bounds the query at 48 keys times this; a rewrite shares
 * several keys and ranks above such chance hits.
 */
const LOOSE_HITS_PER_KEY = 10;
/**
 * Rows created this long before the last check for stale fingerprints are
 * checked again: createdAt is the inserting transaction's start, which can
 * precede its commit (and so the check) by a little.
 */
const STALE_CHECK_SLACK_MS = 5_000;
/**
 * Polls in a row that keep a feed's old validators because some of its
 * entries failed, so that the next poll fetches the whole feed and tries
 * them again; a page that fails every time then costs four full fetches, not
 * one per poll for ever.
 */
const ENTRY_RETRY_POLLS = 3;
/** Articles fingerprinted again per transaction (refreshStoredFingerprints). */
const REFRESH_BATCH = 500;

/** A stored article as the story search compares it; textKey is `id:contentHash` (see StoryCandidate). */
type StoryRow = { id: string; storyId: string | null; title: string; text: string; simhash: bigint; publishedAt: Date | null; textKey: string };
/** A story candidate as the key search returns it: the text only for each list's first (see storedMatches). */
type CandidateRow = Omit<StoryRow, 'text'> & { text: string | null };

/** A new entry's article, read and fingerprinted, not yet stored. */
interface NewArticle extends StoryCandidate {
  item: FeedItem;
  canonical: string;
  page: FetchedPage;
  hash: string;
  language: string | null;
  keys: StoryKeys;
}

/** A new article with its id and story decided, about to be written. */
interface PlannedArticle {
  article: NewArticle;
  id: string;
  storyId: string;
  /** The story is new: created in the same transaction. */
  newStory: boolean;
  /** Joins a story already stored, whose lastSeenAt moves. */
  joinsStoredStory: boolean;
  /** A stored article of the same story that has no story yet. */
  adopt?: string;
  failed?: boolean;
}

/** Whether an article shares a story key with one whose keys are in `keys` (keySet). */
const sharesKey = (keys: ReadonlySet<number>, b: StoryKeys) => b.strict.some((k) => keys.has(k)) || b.loose.some((k) => keys.has(k));
const keySet = (a: StoryKeys) => new Set([...a.strict, ...a.loose]);

@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private cannotFlushIndex = false;
  /** When this process last looked for stale fingerprints (refreshStaleFingerprints); null before its first poll. */
  private staleCheckedFrom: Date | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly sql: SqlService,
    private readonly queues: QueueService,
    private readonly fetcher: HttpFetcher,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    private readonly reader: ArticleReader,
  ) {}

  /**
   * Polls one source: stores each new article once and queues it for
   * classification. A feed that cannot be fetched or parsed is recorded on the
   * source's health and its next poll backs off.
   */
  async pollSource(sourceId: string): Promise<PollResult> {
    // The attempt is recorded first (a crash mid-poll still shows on the source's health); the update returns the source.
    // A poll's statements are plain SQL (SqlService): through Prisma they cost several times the CPU.
    const now = new Date();
    const [source] = await this.sql.query<Source>(`UPDATE "Source" SET "lastAttemptAt" = $2, "updatedAt" = $2 WHERE id = $1 RETURNING *`, [sourceId, now]);
    if (!source) throw new Error(`source ${sourceId} does not exist (deleted after its poll was queued)`);
    const result: PollResult = { sourceId, sourceName: source.name, items: 0, newArticleIds: [], updatedArticleIds: [], duplicates: 0, failed: [] };
    this.logger.log(`poll ${source.key ?? source.id} start`);

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
        this.metrics.polled({ ...result, notModified: true });
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
      this.metrics.polled(result, e instanceof FetchError ? e.kind : 'not-a-feed');
      // No rethrow, even for transient failures: the source's own backoff
      // (nextPollAt) is the retry, so BullMQ retries would only double it.
      return result;
    }

    result.items = items.length;
    const seen = items.length ? await this.findSeen(source, items) : [];
    if (items.length) await this.refreshStaleFingerprints();
    const count = (outcome: StoreOutcome) => {
      if (outcome.kind === 'new') result.newArticleIds.push(outcome.articleId);
      else if (outcome.kind === 'updated') result.updatedArticleIds.push(outcome.articleId);
      else result.duplicates++;
    };
    // Each new entry's page is fetched and read; the new articles are then
    // written together in feed order (storeNew), a few statements per poll
    // rather than a transaction per article.
    // A few of a feed's pages are fetched and read at a time (INGEST_PAGE_CONCURRENCY),
    // so that one slow page does not hold up the rest, nor a poll hammer its host.
    const read = await mapLimited(items, this.config.ingestPageConcurrency, (item) =>
      this.readItem(source, item, seen).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    );
    const fresh: NewArticle[] = [];
    read.forEach((outcome, i) => {
      if (outcome instanceof Error) result.failed.push({ url: items[i]!.link, reason: outcome.message });
      else if ('article' in outcome) fresh.push(outcome.article);
      else count(outcome);
    });
    for (const [article, outcome] of await this.storeNew(source, fresh)) {
      if (outcome instanceof Error) result.failed.push({ url: article.item.link, reason: outcome.message });
      else count(outcome);
    }
    if (result.newArticleIds.length || result.updatedArticleIds.length) await this.flushStoryKeyIndex();
    // An entry that failed (its page could not be read, a write failed) must
    // be tried again: the feed's new validators are stored only when none
    // failed, else the next poll's conditional GET would get a 304 and skip
    // it. Not for ever: after ENTRY_RETRY_POLLS such polls in a row they are
    // stored, and an entry that keeps failing waits for the feed to change
    // rather than costing every poll a full fetch.
    const retry = result.failed.length > 0 && source.entryRetryPolls < ENTRY_RETRY_POLLS;
    if (result.failed.length && !retry) {
      this.logger.warn(`poll ${source.key ?? source.id}: ${result.failed.length} entries failed ${ENTRY_RETRY_POLLS + 1} polls in a row; they are tried again when the feed changes`);
    }
    await this.recordSuccess(source, status, items.length, retry ? { etag: source.etag, lastModified: source.lastModified } : validators, retry ? source.entryRetryPolls + 1 : 0);
    this.logger.log(`poll ${source.key ?? source.id} done: ${result.newArticleIds.length} new, ${result.duplicates} duplicate, ${result.failed.length} failed`);
    this.metrics.polled(result);
    return result;
  }

  private async recordSuccess(
    source: Source,
    status: number,
    items: number,
    validators: { etag: string | null; lastModified: string | null },
    entryRetryPolls = 0,
  ): Promise<void> {
    const now = new Date();
    await this.sql.query(
      `UPDATE "Source" SET "entryRetryPolls" = $2, "lastSuccessAt" = $3, "lastStatus" = $4, "consecutiveFailures" = 0, "lastError" = NULL,
        "itemsSeen" = "itemsSeen" + $5, etag = $6, "lastModified" = $7, "nextPollAt" = $8, "updatedAt" = $3
      WHERE id = $1`,
      [source.id, entryRetryPolls, now, status, items, validators.etag, validators.lastModified, nextPollAfterSuccess(now, source.pollIntervalMinutes)],
    );
  }

  /** Queues classification; the job id makes a second enqueue of the same article version a no-op. */
  async enqueueClassification(articleId: string, version = 1): Promise<void> {
    const job = classifyJob(articleId, version);
    await this.queues.add('classify', 'classify-article', job.data, job.opts);
  }

  /**
   * Fetches a changed entry's page again. Different text makes a new version:
   * the earlier ones stay, so an analyst can show what the page said when it
   * matched; the new text is classified again.
   */
  private async refreshArticle(
    source: Source,
    item: FeedItem,
    seen: Pick<SeenArticle, 'id' | 'contentHash' | 'version'>,
  ): Promise<StoreOutcome> {
    const page = await this.fetchPage(item);
    const { title, text, hash, simhash, keys } = await this.read(source, item, page);
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
          rawHash: rawHashOf(item, page),
          title,
          text,
        },
      }),
      this.prisma.article.update({
        where: { id: seen.id },
        data: {
          title,
          text,
          contentHash: hash,
          entryHash: entryHash(item),
          version,
          simhash,
          storyKeys: storedStoryKeys(keys),
          fingerprintVersion: FINGERPRINT_VERSION,
          classifiedAt: null,
        },
      }),
    ]);
    await this.enqueueClassification(seen.id, version);
    this.logger.log(`article ${seen.id} changed: version ${version}`);
    return { kind: 'updated', articleId: seen.id };
  }

  /**
   * The stored articles of a feed's entries, by guid within the source or by
   * canonical URL anywhere: one query for the whole feed rather than one per entry.
   */
  private async findSeen(source: Source, items: FeedItem[]): Promise<SeenArticle[]> {
    return this.sql.query<SeenArticle>(
      `SELECT id, "classifiedAt", "sourceId", guid, "canonicalUrl", "entryHash", "contentHash", version FROM "Article"
      WHERE ("sourceId" = $1 AND guid = ANY($2::text[])) OR "canonicalUrl" = ANY($3::text[])
      ORDER BY "createdAt"`,
      [source.id, items.map((i) => i.guid), [...new Set(items.map((i) => canonicalUrl(i.link)))]],
    );
  }

  /**
   * An entry seen before is settled here (a duplicate, or an edited page made
   * a new version); a new one is fetched, read and fingerprinted, ready for storeNew.
   */
  private async readItem(source: Source, item: FeedItem, stored: SeenArticle[]): Promise<StoreOutcome | { article: NewArticle }> {
    const canonical = canonicalUrl(item.link);
    // The same entry of this feed first, else any article at the same address.
    const seen =
      stored.find((a) => a.sourceId === source.id && a.guid === item.guid) ?? stored.find((a) => a.canonicalUrl === canonical);
    if (seen) {
      // A poll killed between storing and queueing left it unclassified: queue it now (the job id keeps it once).
      if (!seen.classifiedAt) await this.enqueueClassification(seen.id, seen.version);
      // The same entry of the same feed, changed since: the page may have been edited.
      if (seen.sourceId === source.id && seen.guid === item.guid && seen.entryHash && seen.entryHash !== entryHash(item)) {
        return this.refreshArticle(source, item, seen);
      }
      return { kind: 'duplicate' };
    }

    const page = await this.fetchPage(item);
    const read = await this.read(source, item, page);
    return {
      article: {
        item,
        canonical,
        // Kept as evidence; the HTML is not needed any more.
        page: { ...page, html: null },
        title: read.title,
        text: read.text,
        hash: read.hash,
        language: read.language,
        // The feed's date, else the page's own; never invented.
        publishedAt: item.published ?? read.pagePublishedAt,
        simhash: read.simhash,
        keys: read.keys,
        shingleHashes: read.shingleHashes,
      },
    };
  }

  /**
   * Stores a poll's new articles: the same text stored before (or earlier in
   * this poll) is a duplicate; each other article joins the story of a copy or
   * rewrite of it, stored or earlier in this poll, or starts its own; all are
   * written in one transaction and then queued for classification. Should the
   * transaction fail (another worker stored one of them meanwhile), each is
   * written on its own, so one conflict costs one article, not the poll.
   */
  private async storeNew(source: Source, fresh: NewArticle[]): Promise<Array<[NewArticle, StoreOutcome | Error]>> {
    if (!fresh.length) return [];
    const outcomes: Array<[NewArticle, StoreOutcome | Error]> = [];
    const storedHashes = await this.sql.query<{ contentHash: string }>(`SELECT "contentHash" FROM "Article" WHERE "contentHash" = ANY($1::text[])`, [
      fresh.map((a) => a.hash),
    ]);
    const hashes = new Set(storedHashes.map((a) => a.contentHash));
    const unseen = fresh.filter((a) => !hashes.has(a.hash));
    let stored: Map<NewArticle, StoryRow | undefined>;
    try {
      stored = await this.storedMatches(unseen);
    } catch (e) {
      return [...outcomes, ...fresh.map((a): [NewArticle, Error] => [a, e as Error])];
    }
    const planned: PlannedArticle[] = [];
    for (const article of fresh) {
      if (hashes.has(article.hash)) {
        outcomes.push([article, { kind: 'duplicate' }]);
        continue;
      }
      hashes.add(article.hash);
      // An earlier article of this poll is not in the database yet: compare with those here.
      const keys = keySet(article.keys);
      const local = planned.find((p) => sharesKey(keys, p.article.keys) && isSameStory(article, p.article).same);
      const same = stored.get(article);
      const storyId = local ? local.storyId : same?.storyId;
      planned.push({
        article,
        id: uuidv7(),
        storyId: storyId ?? uuidv7(),
        newStory: !storyId,
        joinsStoredStory: !local && !!storyId,
        // A stored article of the same story that has none yet (stored before stories) joins the new one.
        adopt: !local && same && !same.storyId ? same.id : undefined,
      });
    }
    if (!planned.length) return outcomes;
    try {
      await this.write(source, planned);
    } catch (e) {
      if (planned.length === 1) return [...outcomes, [planned[0]!.article, this.conflictOrError(e)]];
      for (const p of planned) {
        try {
          await this.write(source, [p]);
        } catch (e2) {
          outcomes.push([p.article, this.conflictOrError(e2)]);
          p.failed = true;
        }
      }
    }
    // All of the poll's new articles queued in one round trip. Should it
    // fail, they stay unclassified and the next poll that sees their entries
    // queues them (readItem).
    const written = planned.filter((p) => !p.failed);
    try {
      await this.queues.addBulk('classify', 'classify-article', written.map((p) => classifyJob(p.id)));
      for (const p of written) outcomes.push([p.article, { kind: 'new', articleId: p.id }]);
    } catch (e) {
      for (const p of written) outcomes.push([p.article, e as Error]);
    }
    return outcomes;
  }

  /** Another worker stored the same item between our check and insert: a duplicate, not a failure. */
  private conflictOrError(e: unknown): StoreOutcome | Error {
    if (isUniqueViolation(e)) return { kind: 'duplicate' };
    return e instanceof Error ? e : new Error(String(e));
  }

  /**
   * Stores planned articles in one transaction: new stories, the articles,
   * their first versions, story and adoption updates; a few statements
   * whatever the number of articles, rows passed as column arrays.
   */
  private write(source: Source, planned: PlannedArticle[]): Promise<void> {
    return this.sql.transaction((query) => this.writeStatements(query, source, planned));
  }

  private async writeStatements(query: SqlQuery, source: Source, planned: PlannedArticle[]): Promise<void> {
    const col = <T>(f: (p: PlannedArticle) => T) => planned.map(f);
    const newStories = planned.filter((p) => p.newStory);
    if (newStories.length) {
      await query(`INSERT INTO "Story" (id, title) SELECT * FROM unnest($1::uuid[], $2::text[])`, [
        newStories.map((p) => p.storyId),
        newStories.map((p) => p.article.title),
      ]);
    }
    // The articles and their first versions (what was fetched, kept as
    // evidence of what the page said) in one statement; each version takes
    // its title and text from the inserted article (RETURNING), so the text
    // crosses the wire once. Not Prisma's createMany: it cost about 1 ms of
    // CPU per article and grew the process by some 30 MB per thousand
    // articles that it never gave back (a 6,000-row test: 410 MB resident
    // against 300 MB this way).
    await query(
      `WITH inserted AS (
        INSERT INTO "Article" (id, "sourceId", "storyId", guid, url, "canonicalUrl", title, summary, text, "contentHash",
          language, "publishedAt", simhash, "storyKeys", "fingerprintVersion", "entryHash")
        SELECT r.id, $1::uuid, r.story, r.guid, r.url, r.canonical, r.title, r.summary, r.text, r.hash,
          r.language, r.published::timestamptz AT TIME ZONE 'UTC', r.simhash::bigint, r.keys::int[], $2::smallint, r.entry
        FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
          $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
          AS r(id, story, guid, url, canonical, title, summary, text, hash, language, published, simhash, keys, entry)
        RETURNING id, title, text
      )
      INSERT INTO "ArticleVersion" (id, "articleId", version, "finalUrl", "httpStatus", headers, "rawHash", title, text)
      SELECT v.id, a.id, 1, v.url, v.status, v.headers::jsonb, v.raw, a.title, a.text
      FROM inserted a JOIN unnest($17::uuid[], $3::uuid[], $18::text[], $19::int[], $20::text[], $21::text[])
        AS v(id, article, url, status, headers, raw) ON v.article = a.id`,
      [
        source.id,
        FINGERPRINT_VERSION,
        col((p) => p.id),
        col((p) => p.storyId),
        col((p) => p.article.item.guid),
        col((p) => p.article.item.link),
        col((p) => p.article.canonical),
        col((p) => p.article.title),
        col((p) => p.article.item.summary || null),
        col((p) => p.article.text),
        col((p) => p.article.hash),
        col((p) => p.article.language),
        col((p) => p.article.publishedAt?.toISOString() ?? null),
        col((p) => p.article.simhash.toString()),
        col((p) => `{${storedStoryKeys(p.article.keys).join(',')}}`),
        col((p) => entryHash(p.article.item)),
        col(() => uuidv7()),
        col((p) => p.article.page.finalUrl ?? p.article.item.link),
        col((p) => p.article.page.status ?? null),
        col((p) => JSON.stringify(p.article.page.headers ?? {})),
        col((p) => rawHashOf(p.article.item, p.article.page)),
      ],
    );
    const joined = [...new Set(planned.filter((p) => p.joinsStoredStory).map((p) => p.storyId))];
    if (joined.length) await query(`UPDATE "Story" SET "lastSeenAt" = $2 WHERE id = ANY($1::uuid[])`, [joined, new Date()]);
    // An article stored before stories existed joins the story it started (the first, should two claim it).
    const adopting = [...new Map(planned.filter((p) => p.adopt).reverse().map((p) => [p.adopt, p])).values()];
    if (adopting.length) {
      await query(
        `UPDATE "Article" a SET "storyId" = x.story FROM unnest($1::uuid[], $2::uuid[]) AS x(id, story) WHERE a.id = x.id AND a."storyId" IS NULL`,
        [adopting.map((p) => p.adopt), adopting.map((p) => p.storyId)],
      );
    }
  }

  /**
   * The stored article each new article is a copy or rewrite of, if any:
   * what decides its story (dedup/story-matcher.ts), searched for all of a
   * poll's new articles at once. Candidates are the recent articles sharing
   * MinHash band keys with it (dedup/story-keys.ts; GIN index lookups), those
   * sharing most keys first: strict keys first, which find copies, then loose
   * keys, for the articles the strict ones did not settle, which find
   * rewrites. Shingle overlap decides. Two queries per poll rather than two per article.
   */
  private async storedMatches(articles: NewArticle[]): Promise<Map<NewArticle, StoryRow | undefined>> {
    const since = storyWindowStart();
    const checked = articles.map(() => new Set<string>());
    const firstSame = (i: number, rows: CandidateRow[]) =>
      rows.find((c): c is StoryRow => {
        if (c.text === null || checked[i]!.has(c.id)) return false;
        checked[i]!.add(c.id);
        return isSameStory(articles[i]!, c as StoryRow).same;
      });
    const found: Array<StoryRow | undefined> = [];
    // Each list of candidates is checked in order, the first alone and then,
    // where it was not the same story, the rest: a copy's first candidate is
    // nearly always its original, so the texts of the others are read only
    // for the articles still open (one query), not for every article.
    const decide = async (owners: number[], lists: CandidateRow[][]) => {
      owners.forEach((i, k) => (found[i] = firstSame(i, lists[k]!.slice(0, 1))));
      const rest = owners.map((i, k) => (found[i] ? [] : lists[k]!.slice(1)));
      await this.readTexts(rest.flat());
      owners.forEach((i, k) => (found[i] ??= firstSame(i, rest[k]!)));
    };
    const all = articles.map((_, i) => i);
    await decide(all, await this.sharingKeys(articles.map((a) => a.keys.strict), STRICT_HITS_PER_KEY, STRICT_CANDIDATES, since));
    const open = all.filter((i) => !found[i]);
    await decide(open, await this.sharingKeys(open.map((i) => articles[i]!.keys.loose), LOOSE_HITS_PER_KEY, LOOSE_CANDIDATES, since));
    return new Map(articles.map((a, i) => [a, found[i]]));
  }

  /**
   * For each list of keys, the recent articles sharing any of them, most
   * shared keys first, at most `candidates` per list: one query for all the
   * lists. Only the first of each list comes with its text (readTexts reads
   * the others' when they are needed): sending every candidate's text was
   * most of the query's cost, here and in PostgreSQL. One index probe per key (a single-element && the planner
   * estimates well, where a many-key && is misjudged into a sequential scan),
   * each capped at `perKey` rows: a key that many texts share (stock phrases)
   * says little, and the cap keeps it from flooding the query; copies share
   * the rare keys too. The window test is written so that it cannot use the
   * createdAt index: combined with it (a BitmapAnd), each probe read the
   * whole window's index entries, 50 ms per search at 10,000 articles. The
   * candidates' rows are read by primary key, one LATERAL lookup each (the
   * LIMIT keeps the planner from turning it into a join): as a plain join,
   * PostgreSQL hashed the whole table for the few dozen candidates, two
   * thirds of the query's time at 10,000 articles, and growing with the table.
   */
  private async sharingKeys(keyLists: number[][], perKey: number, candidates: number, since: Date): Promise<CandidateRow[][]> {
    const lists = keyLists.map((): CandidateRow[] => []);
    const owners = keyLists.flatMap((keys, i) => keys.map(() => i));
    if (!owners.length) return lists;
    const rows = await this.sql.query<CandidateRow & { list: number }>(
      `WITH wanted AS (SELECT * FROM unnest($1::int[], $2::int[]) AS w(list, key)),
      hits AS (
        SELECT w.list, x.id, count(*) AS shared
        FROM wanted w,
          LATERAL (SELECT id FROM "Article" WHERE "storyKeys" && ARRAY[w.key] AND "createdAt" + interval '0 s' > $3 LIMIT $4) x
        GROUP BY w.list, x.id
      ),
      ranked AS (SELECT list, id, row_number() OVER (PARTITION BY list ORDER BY shared DESC, id) AS rank FROM hits)
      SELECT r.list, a.id, a."storyId", a.title, CASE WHEN r.rank = 1 THEN a.text END AS text, a.simhash, a."publishedAt", a.id || ':' || a."contentHash" AS "textKey"
      FROM ranked r, LATERAL (SELECT id, "storyId", title, text, simhash, "publishedAt", "contentHash" FROM "Article" WHERE id = r.id LIMIT 1) a
      WHERE r.rank <= $5
      ORDER BY r.list, r.rank`,
      [owners, keyLists.flat(), since, perKey, candidates],
    );
    for (const { list, ...row } of rows) lists[list]!.push(row);
    return lists;
  }

  /**
   * Fingerprints again the articles created after `from` (by default, inside
   * the story window) whose SimHash and story keys are of an older
   * FINGERPRINT_VERSION, or of none (stored before story keys existed): new
   * articles would not find them as story candidates. Articles older than
   * the window are never candidates and keep theirs. In batches, each claimed
   * with SKIP LOCKED, so workers share the work. Returns how many.
   */
  async refreshStoredFingerprints(from = storyWindowStart(), batch = REFRESH_BATCH): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ id: string; text: string }>>`
          SELECT id, text FROM "Article"
          WHERE "fingerprintVersion" < ${FINGERPRINT_VERSION} AND "createdAt" > ${from}
          ORDER BY "createdAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
        if (!rows.length) return 0;
        const prints = rows.map((r) => fingerprint(r.text));
        await tx.$executeRaw`
          UPDATE "Article" a SET simhash = r.simhash::bigint, "storyKeys" = r.keys::int[], "fingerprintVersion" = ${FINGERPRINT_VERSION}::smallint
          FROM unnest(${rows.map((r) => r.id)}::uuid[], ${prints.map((p) => p.simhash.toString())}::text[],
            ${prints.map((p) => `{${storedStoryKeys(p.keys).join(',')}}`)}::text[]) AS r(id, simhash, keys)
          WHERE a.id = r.id`;
        return rows.length;
      });
      total += done;
      if (done < batch) return total;
    }
  }

  /**
   * Before each poll's story search: refreshStoredFingerprints over the rows
   * created since this process last looked (the whole story window on its
   * first poll, after an upgrade that changed the fingerprints), so that
   * rows an older version wrote meanwhile (a rolling upgrade: the column's
   * default marks them as version 1) are caught too. One indexed look when
   * there is nothing to do.
   */
  private async refreshStaleFingerprints(): Promise<void> {
    const since = storyWindowStart();
    const checked = this.staleCheckedFrom;
    const from = checked && checked > since ? new Date(checked.getTime() - STALE_CHECK_SLACK_MS) : since;
    const started = new Date();
    try {
      // Ordered by createdAt so that it walks that index from `from` on: without
      // the order, PostgreSQL chose a sequential scan of the whole table
      // (expecting stale rows everywhere), every poll, to find none.
      const [stale] = await this.sql.query(
        `SELECT 1 FROM "Article" WHERE "createdAt" > $1 AND "fingerprintVersion" < $2 ORDER BY "createdAt" LIMIT 1`,
        [from, FINGERPRINT_VERSION],
      );
      const n = stale ? await this.refreshStoredFingerprints(from) : 0;
      if (n) this.logger.log(`fingerprinted ${n} stored articles again (fingerprint version ${FINGERPRINT_VERSION})`);
      this.staleCheckedFrom = started;
    } catch (e) {
      // Stale fingerprints only make those articles harder to find as story candidates: poll on, and look again next time.
      this.logger.warn(`could not fingerprint stored articles again: ${(e as Error).message}`);
    }
  }

  /** Reads the texts of the candidates that came without one, in one query. */
  private async readTexts(rows: CandidateRow[]): Promise<void> {
    const missing = [...new Set(rows.filter((r) => r.text === null).map((r) => r.id))];
    if (!missing.length) return;
    const texts = await this.sql.query<{ id: string; text: string; textKey: string }>(
      `SELECT id, text, id || ':' || "contentHash" AS "textKey" FROM "Article" WHERE id = ANY($1::uuid[])`,
      [missing],
    );
    const byId = new Map(texts.map((t) => [t.id, t]));
    // An article deleted meanwhile keeps no text, and is no candidate; one edited meanwhile is compared as it is now.
    for (const r of rows) {
      if (r.text !== null) continue;
      const now = byId.get(r.id);
      r.text = now?.text ?? null;
      if (now) r.textKey = now.textKey;
    }
  }

  /**
   * Merges the story-key index's pending list into the index proper. New
   * articles' keys are queued there and merged in bulk, at half the
   * PostgreSQL CPU of inserting each key into the index as it comes; every
   * search reads the list in full, so it is kept near empty by this flush
   * after each poll that stored articles, and PostgreSQL merges it by itself
   * at 256 kB (migration story_keys_index_bounded_pending_list). Needs
   * ownership of the table (the migrating role); skipped, with one warning,
   * where it is not allowed, and the 256 kB bound then keeps searches cheap enough.
   */
  private async flushStoryKeyIndex(): Promise<void> {
    if (this.cannotFlushIndex) return;
    try {
      await this.sql.query(`SELECT gin_clean_pending_list('"Article_storyKeys_idx"'::regclass)`);
    } catch (e) {
      this.cannotFlushIndex = true;
      this.logger.warn(`cannot flush the story-key index's pending list, story searches will be slower: ${(e as Error).message}`);
    }
  }

  /** The entry's article page as fetched; NO_PAGE when it cannot be had (the feed's summary then stands in). */
  private async fetchPage(item: FeedItem): Promise<FetchedPage> {
    try {
      const res = await this.fetcher.fetch(item.link, { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' });
      if (res.kind !== 'ok') return NO_PAGE;
      return { html: res.text, finalUrl: res.finalUrl, status: res.status, headers: evidenceHeaders(res.headers), rawHash: res.rawHash };
    } catch (e) {
      if (!(e instanceof FetchError)) throw e;
      this.logger.warn(`article page ${item.link} unavailable, keeping the feed summary: ${e.describe()}`);
      return NO_PAGE;
    }
  }

  /** The entry's article read from its page (readArticle, on a reading thread). */
  private read(source: Source, item: FeedItem, page: FetchedPage): Promise<ReadArticle> {
    const selectors = source.selectors as { body?: string } | null;
    return this.reader.read({
      html: page.html,
      url: page.finalUrl ?? item.link,
      selector: selectors?.body,
      feedTitle: item.title,
      feedSummary: item.summary,
      sourceLanguage: source.language,
    });
  }
}

/** An article page as fetched, kept as evidence; html null when there is none. */
interface FetchedPage {
  html: string | null;
  finalUrl?: string;
  status?: number;
  headers?: Record<string, string>;
  rawHash?: string;
}

const NO_PAGE: FetchedPage = { html: null };

/** The evidence hash of what was read: the page's raw body, or the feed entry's title and summary when there was no page. */
const rawHashOf = (item: FeedItem, page: FetchedPage) => page.rawHash ?? sha256(`${item.title}\n${item.summary}`);

/** Articles created before this are never story candidates. */
const storyWindowStart = () => new Date(Date.now() - STORY_WINDOW_DAYS * 24 * 3600_000);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The classify job of an article version: its id makes queueing it twice a no-op. */
const classifyJob = (articleId: string, version = 1) => ({ data: { articleId }, opts: { jobId: jobId.classify(articleId, version) } });

/** The feed entry as the feed gave it: when it changes, the page is worth fetching again. */
function entryHash(item: FeedItem): string {
  return sha256(JSON.stringify([item.title, item.summary, item.published?.toISOString() ?? null]));
}

/** Response headers worth keeping as evidence (not cookies). */
function evidenceHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const keep = ['content-type', 'content-language', 'date', 'last-modified', 'etag', 'server', 'x-robots-tag'];
  return Object.fromEntries(keep.filter((k) => headers[k] !== undefined).map((k) => [k, String(headers[k])]));
}
