import { applyMigrations, ensureDatabase } from '@app/database';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { TEST_SERVER_URL, testDatabaseName } from './support/test-constants';

const MIGRATIONS = resolve(__dirname, '../prisma/migrations');
/** The migration that made review items one per story (they were one per article). */
const PER_STORY = '20261123113805_review_queue_digests_accounts';

/**
 * Upgrading keeps what users stored: a database at the version before a
 * migration, holding data of that shape, is migrated and checked row by row.
 */
describe('migrations keep stored data', () => {
  const dbName = testDatabaseName('db');
  const url = `${TEST_SERVER_URL}/${dbName}`;
  let before: string;
  let db: Client;

  beforeAll(async () => {
    // A migrations folder holding only what came before the per-story change.
    before = mkdtempSync(join(tmpdir(), 'sm-migrations-'));
    for (const name of readdirSync(MIGRATIONS)) {
      if (name.endsWith('.toml') || name < PER_STORY) cpSync(join(MIGRATIONS, name), join(before, name), { recursive: true });
    }
    await ensureDatabase(url);
    await applyMigrations(url, before);
    db = new Client({ connectionString: url });
    await db.connect();
  }, 300_000); // the schema engine (WASM) is slow on a busy machine

  afterAll(async () => {
    await db?.end();
    rmSync(before, { recursive: true, force: true });
    const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('turns per-article review items into per-story items without losing an article, a match or an audit event', async () => {
    await db.query(`
      INSERT INTO "Source" (id, name, url, kind, "updatedAt") VALUES ('00000000-0000-7000-8000-000000000001', 'Wire', 'https://wire.example/feed', 'rss', now());
      INSERT INTO "Story" (id, title) VALUES ('00000000-0000-7000-8000-0000000000a1', 'Builders kept on');
      INSERT INTO "Article" (id, "sourceId", guid, url, "canonicalUrl", title, text, "contentHash", "storyId", facts) VALUES
        ('00000000-0000-7000-8000-000000000011', '00000000-0000-7000-8000-000000000001', 'g1', 'u1', 'u1', 'First outlet', 'x', 'h1', '00000000-0000-7000-8000-0000000000a1', '{"places":[{"name":"Vladivostok","country":"RU"}]}'),
        ('00000000-0000-7000-8000-000000000012', '00000000-0000-7000-8000-000000000001', 'g2', 'u2', 'u2', 'Second outlet', 'x', 'h2', '00000000-0000-7000-8000-0000000000a1', '{"places":[{"name":"Dandong","country":"CN"}]}'),
        ('00000000-0000-7000-8000-000000000013', '00000000-0000-7000-8000-000000000001', 'g3', 'u3', 'u3', 'Before stories', 'x', 'h3', NULL, NULL);
      INSERT INTO "Rule" (id, name, category, severity, query, "updatedAt") VALUES
        ('stay', 'Stay', 'worker-overstay', 'high', 'x', now()), ('dues', 'Dues', 'loyalty-payment', 'critical', 'x', now());
      INSERT INTO "Match" (id, "articleId", "ruleId", "ruleVersion", category, severity, score, evidence) VALUES
        (gen_random_uuid(), '00000000-0000-7000-8000-000000000011', 'stay', 1, 'worker-overstay', 'high', 2, '[]'),
        (gen_random_uuid(), '00000000-0000-7000-8000-000000000012', 'dues', 1, 'loyalty-payment', 'critical', 3, '[]'),
        (gen_random_uuid(), '00000000-0000-7000-8000-000000000013', 'stay', 1, 'worker-overstay', 'high', 1, '[]');
      INSERT INTO "ReviewItem" (id, "articleId", severity, score, categories, "createdAt", "updatedAt") VALUES
        ('00000000-0000-7000-8000-0000000000b1', '00000000-0000-7000-8000-000000000011', 'high', 2, '{worker-overstay}', '2026-11-01T08:00:00Z', now()),
        ('00000000-0000-7000-8000-0000000000b2', '00000000-0000-7000-8000-000000000012', 'critical', 3, '{loyalty-payment}', '2026-11-01T09:00:00Z', now()),
        ('00000000-0000-7000-8000-0000000000b3', '00000000-0000-7000-8000-000000000013', 'high', 1, '{worker-overstay}', '2026-11-01T10:00:00Z', now());
      INSERT INTO "AuditEvent" (id, actor, action, "entityType", "entityId") VALUES (gen_random_uuid(), 'cli:ana', 'rule.saved', 'rule', 'stay');
    `);
    const counts = async () => (await db.query(`SELECT (SELECT count(*) FROM "Article")::int AS a, (SELECT count(*) FROM "Match")::int AS m, (SELECT count(*) FROM "AuditEvent")::int AS e`)).rows[0];
    const stored = await counts();

    const applied = await applyMigrations(url, MIGRATIONS);
    expect(applied[0]).toBe(PER_STORY);
    expect(await counts()).toEqual(stored);

    const items = (await db.query(`SELECT id, "storyId", "articleId", state, severity, score, categories, "ruleIds", countries, "dueAt" - "createdAt" AS sla FROM "ReviewItem" ORDER BY "createdAt"`)).rows;
    // The two items of one story became the older one, carrying the stronger severity and both articles.
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      id: '00000000-0000-7000-8000-0000000000b1',
      storyId: '00000000-0000-7000-8000-0000000000a1',
      state: 'new',
      severity: 'critical',
      score: 3,
      categories: ['loyalty-payment', 'worker-overstay'],
      ruleIds: ['dues', 'stay'],
      countries: ['CN', 'RU'],
    });
    expect(items[0].sla.hours).toBe(4);
    // The article stored before stories existed got a story of its own.
    const orphan = (await db.query(`SELECT "storyId" FROM "Article" WHERE id = '00000000-0000-7000-8000-000000000013'`)).rows[0];
    expect(orphan.storyId).toBeTruthy();
    expect(items[1]).toMatchObject({ id: '00000000-0000-7000-8000-0000000000b3', storyId: orphan.storyId, ruleIds: ['stay'] });
    const links = (await db.query(`SELECT "reviewItemId", "articleId" FROM "ReviewItemArticle" ORDER BY "articleId"`)).rows;
    expect(links).toEqual([
      { reviewItemId: '00000000-0000-7000-8000-0000000000b1', articleId: '00000000-0000-7000-8000-000000000011' },
      { reviewItemId: '00000000-0000-7000-8000-0000000000b1', articleId: '00000000-0000-7000-8000-000000000012' },
      { reviewItemId: '00000000-0000-7000-8000-0000000000b3', articleId: '00000000-0000-7000-8000-000000000013' },
    ]);
    // And from now on the audit trail cannot be rewritten.
    await expect(db.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    // Articles already stored keep the fingerprint version they were hashed with, to be fingerprinted again.
    const versions = (await db.query(`SELECT DISTINCT "fingerprintVersion" AS v FROM "Article"`)).rows;
    expect(versions).toEqual([{ v: 1 }]);
  }, 300_000);
});
