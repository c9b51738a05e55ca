import { PrismaService } from '@app/database';
import { QUEUE, QueueService, deleteQueuePrefix } from '@app/queue';
import { ReviewService, ReviewUpkeepService } from '@app/review';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startApiApp } from './support/api-app';
import { TestUser, createTestUser } from './support/auth-users';
import { until } from './support/ops-processes';
import { openItem } from './support/review-seed';
import { TestEnv, createTestEnv } from './support/test-env';

/**
 * The review queue through its real interfaces: items opened the way the
 * classify processor opens them, claims and decisions over HTTP, with the
 * real PostgreSQL and Redis.
 */


async function reviewJobIds(app: INestApplication): Promise<string[]> {
  const queue = app.get(QueueService).queue(QUEUE.review);
  return (await queue.getRanges(['waiting', 'prioritized', 'delayed', 'active'], 0, -1, true)).sort();
}

async function clearItems(app: INestApplication): Promise<void> {
  const prisma = app.get(PrismaService);
  await prisma.reviewItem.deleteMany();
  const env = app.get(QueueService).queue(QUEUE.review);
  await env.obliterate({ force: true });
}

describe('review queue', () => {
  let env: TestEnv;
  let app: INestApplication;
  let second: INestApplication;
  let analysts: TestUser[];
  let viewer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    env = await createTestEnv({ REVIEW_SLA_HOURS: 'critical=4,high=24,medium=72,low=168' });
    app = await startApiApp(env);
    second = await startApiApp(env); // another api process on the same database and Redis
    analysts = [];
    for (let i = 0; i < 4; i++) analysts.push(await createTestUser(app, 'analyst', `analyst-${i}`));
    viewer = await createTestUser(app, 'viewer', 'viewer-1');
    admin = await createTestUser(app, 'admin', 'admin-1');
  });

  afterAll(async () => {
    await second?.close();
    await app?.close();
    await env?.cleanup();
  });

  beforeEach(async () => clearItems(app));

  const api = (a: INestApplication = app) => request(a.getHttpServer());

  it('opens one item per story: a later article joins it, a decided item comes back, a replay changes nothing', async () => {
    const first = await openItem(app, { severity: 'medium', score: 1.5, title: 'First report' });
    expect(first.created).toBe(true);
    const later = await openItem(app, { storyId: first.storyId, severity: 'critical', score: 4, category: 'loyalty-payment', ruleId: 'loyalty-test', country: 'CN', place: 'Dandong', source: 'Other Outlet' });
    expect(later).toMatchObject({ created: false, joined: true });
    expect(later.item.id).toBe(first.item.id);
    expect(later.item).toMatchObject({ severity: 'critical', score: 4, categories: ['loyalty-payment', 'worker-overstay'], ruleIds: ['loyalty-test', 'overstay-test'], countries: ['CN', 'RU'] });
    // The deadline follows the new severity (4 h for critical, from opening).
    expect(later.item.dueAt.getTime()).toBe(first.item.createdAt.getTime() + 4 * 3_600_000);

    // A replayed classification of an article already in the item writes nothing.
    const before = (await app.get(ReviewService).history(first.item.id)).length;
    const replay = await app.get(ReviewService).openForArticle(later.article.id, [{ ruleId: 'loyalty-test', category: 'loyalty-payment', severity: 'critical', score: 4 }]);
    expect(replay).toMatchObject({ created: false, joined: false });
    expect(await app.get(ReviewService).history(first.item.id)).toHaveLength(before);

    const detail = await api().get(`/review-items/${first.item.id}`).set(viewer.headers).expect(200);
    expect(detail.body.articles.map((a: { title: string }) => a.title)).toEqual(['First report', later.article.title]);
    expect(detail.body.articles[1].source.name).toBe('Other Outlet');
    expect(detail.body.claimToken).toBeNull();
    expect(await reviewJobIds(app)).toEqual([first.item.id]);

    // Decided, then a third outlet reports the story: it is back in the queue.
    await api().post(`/review-items/${first.item.id}/confirm`).set(analysts[0].headers).send({ disposition: 'monitor' }).expect(200);
    expect(await reviewJobIds(app)).toEqual([]);
    const third = await openItem(app, { storyId: first.storyId, source: 'Third Outlet' });
    expect(third.item).toMatchObject({ id: first.item.id, state: 'new', disposition: null });
    expect(await reviewJobIds(app)).toEqual([first.item.id]);
    const actions = (await app.get(ReviewService).history(first.item.id)).map((e) => e.action);
    expect(actions).toEqual(['opened', 'article-joined', 'confirmed', 'article-joined']);
  });

  it('take-next serves escalated items first, then severity, then score, then the oldest', async () => {
    const low = await openItem(app, { severity: 'low', score: 9 });
    const highOld = await openItem(app, { severity: 'high', score: 2 });
    const highNew = await openItem(app, { severity: 'high', score: 2 });
    const highBetter = await openItem(app, { severity: 'high', score: 3 });
    const critical = await openItem(app, { severity: 'critical', score: 1 });
    const escalated = await openItem(app, { severity: 'medium', score: 1 });
    await api().post(`/review-items/${escalated.item.id}/escalate`).set(analysts[0].headers).send({ note: 'needs a lead' }).expect(200);

    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      // Each analyst holds one item at a time, so six takes need six analysts' worth of decisions.
      const res = await api().post('/review-items/next').set(analysts[0].headers).expect(200);
      order.push(res.body.id);
      await api().post(`/review-items/${res.body.id}/confirm`).set(analysts[0].headers).send({ disposition: 'monitor', version: res.body.version }).expect(200);
    }
    expect(order).toEqual([escalated, critical, highBetter, highOld, highNew, low].map((x) => x.item.id));
    await api().post('/review-items/next').set(analysts[0].headers).expect(204);
  });

  it('concurrent claims from two api processes and many analysts never give one item twice', async () => {
    const items = await Promise.all(Array.from({ length: 12 }, (_, i) => openItem(app, { score: 1 + i / 10 })));
    const claimers = [];
    for (let i = 0; i < 16; i++) claimers.push(await createTestUser(app, 'analyst', `racer-${i}-${randomBytes(2).toString('hex')}`));
    const results = await Promise.all(claimers.map((u, i) => api(i % 2 ? second : app).post('/review-items/next').set(u.headers)));
    const taken = results.filter((r) => r.status === 200).map((r) => r.body.id as string);
    expect(results.filter((r) => r.status === 204)).toHaveLength(4);
    expect(taken).toHaveLength(12);
    expect(new Set(taken).size).toBe(12);
    expect(new Set(taken)).toEqual(new Set(items.map((i) => i.item.id)));
    const rows = await app.get(PrismaService).reviewItem.findMany();
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBe(12);
    expect(rows.every((r) => r.state === 'in_review')).toBe(true);

    // Asking again gives the analyst the item already held, not a second one.
    const held = results.find((r) => r.status === 200)!;
    const who = claimers[results.indexOf(held)];
    const again = await api().post('/review-items/next').set(who.headers).expect(200);
    expect(again.body.id).toBe(held.body.id);
  });

  it('every transition writes its audit event; stale versions conflict and repeats are no-ops', async () => {
    const { item } = await openItem(app, { severity: 'high' });
    const [a, b] = analysts;
    const taken = await api().post('/review-items/next').set(a.headers).expect(200);
    expect(taken.body).toMatchObject({ id: item.id, state: 'in_review', claimedBy: a.username, claimActive: true });

    // Someone else cannot decide an item a holds.
    const held = await api().post(`/review-items/${item.id}/dismiss`).set(b.headers).send({ reason: 'off_topic' }).expect(409);
    expect(held.body.message).toContain(`held by ${a.username}`);
    expect(held.body.current).toMatchObject({ state: 'in_review', claimedBy: a.username });

    const confirmed = await api().post(`/review-items/${item.id}/confirm`).set(a.headers).send({ disposition: 'reportable', note: 'clear case', version: taken.body.version }).expect(200);
    expect(confirmed.body).toMatchObject({ changed: true, item: { state: 'confirmed', disposition: 'reportable', decidedBy: a.username, claimedBy: null, note: 'clear case' } });
    // The same click again: nothing happens, even with the old version.
    const repeat = await api().post(`/review-items/${item.id}/confirm`).set(a.headers).send({ disposition: 'reportable', version: taken.body.version }).expect(200);
    expect(repeat.body).toMatchObject({ changed: false, item: { version: confirmed.body.item.version } });
    // A different decision based on the old version is a conflict, not an overwrite.
    await api().post(`/review-items/${item.id}/dismiss`).set(b.headers).send({ reason: 'duplicate', version: taken.body.version }).expect(409);
    // Dismissing a confirmed item needs a reopen first.
    const refused = await api().post(`/review-items/${item.id}/dismiss`).set(b.headers).send({ reason: 'duplicate' }).expect(409);
    expect(refused.body.message).toContain('reopen');

    const reopened = await api().post(`/review-items/${item.id}/reopen`).set(b.headers).send({ note: 'second look' }).expect(200);
    expect(reopened.body.item).toMatchObject({ state: 'new', disposition: null, decidedBy: null });
    await api().post(`/review-items/${item.id}/assign`).set(b.headers).send({ assignee: analysts[2].username, version: reopened.body.item.version }).expect(200);
    await api().post(`/review-items/${item.id}/notes`).set(b.headers).send({ note: 'asked the Seoul desk' }).expect(200);
    const escalated = await api().post(`/review-items/${item.id}/escalate`).set(b.headers).send({}).expect(200);
    expect(escalated.body.item.state).toBe('escalated');
    const dismissed = await api()
      .post(`/review-items/${item.id}/dismiss`)
      .set(b.headers)
      .send({ reason: 'wrong_sense', misleadingTerm: 'Overstay', note: 'a football club', version: escalated.body.item.version })
      .expect(200);
    expect(dismissed.body.item).toMatchObject({ state: 'dismissed', dismissReason: 'wrong_sense', misleadingTerm: 'Overstay' });
    await api().post(`/review-items/${item.id}/escalate`).set(b.headers).send({}).expect(409);

    // Bad input is a 400 naming the problem; viewers read but never act.
    const bad = await api().post(`/review-items/${item.id}/dismiss`).set(b.headers).send({ reason: 'boring' }).expect(400);
    expect(bad.body.message).toContain('reason');
    await api().post(`/review-items/${item.id}/reopen`).set(viewer.headers).send({}).expect(403);
    await api().post(`/review-items/${item.id}/reopen`).send({}).expect(401);
    await api().get('/review-items/00000000-0000-7000-8000-000000000000').set(viewer.headers).expect(404);

    const history = (await api().get(`/review-items/${item.id}/history`).set(viewer.headers).expect(200)).body as {
      actor: string;
      action: string;
      before: { state: string } | null;
      after: { state: string } | null;
      note: string | null;
    }[];
    expect(history.map((e) => [e.action, e.actor, e.before?.state ?? null, e.after?.state ?? null])).toEqual([
      ['opened', 'system', null, 'new'],
      ['claimed', a.username, null, 'in_review'],
      ['confirmed', a.username, 'in_review', 'confirmed'],
      ['reopened', b.username, 'confirmed', 'new'],
      ['assigned', b.username, 'new', 'new'],
      ['noted', b.username, null, null],
      ['escalated', b.username, 'new', 'escalated'],
      ['dismissed', b.username, 'escalated', 'dismissed'],
    ]);
    expect(history.find((e) => e.action === 'noted')?.note).toBe('asked the Seoul desk');
    // Prometheus counts the decisions this process made.
    const metrics = (await api().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/sm_review_decisions_total\{action="confirmed"\} [1-9]/);
    expect(metrics).toMatch(/sm_review_decisions_total\{action="dismissed"\} [1-9]/);
    // The trail is append-only in the database itself.
    await expect(app.get(PrismaService).auditEvent.deleteMany({ where: { entityId: item.id } })).rejects.toThrow(/append-only/);
    expect(await reviewJobIds(app)).toEqual([]);
  });

  it('release gives the item back; bulk dismiss reports each item', async () => {
    const items = await Promise.all([0, 1, 2].map(() => openItem(app)));
    const [a, b] = analysts;
    const taken = await api().post('/review-items/next').set(a.headers).expect(200);
    await api().post(`/review-items/${taken.body.id}/release`).set(b.headers).expect(409);
    const released = await api().post(`/review-items/${taken.body.id}/release`).set(a.headers).expect(200);
    expect(released.body.item).toMatchObject({ state: 'new', claimedBy: null });
    expect(await reviewJobIds(app)).toEqual(items.map((i) => i.item.id).sort());
    const retaken = await api().post('/review-items/next').set(b.headers).expect(200);
    expect(retaken.body.id).toBe(taken.body.id);

    const missing = '00000000-0000-7000-8000-000000000001';
    const bulk = await api()
      .post('/review-items/bulk-dismiss')
      .set(a.headers)
      .send({ ids: [...items.map((i) => i.item.id), missing], reason: 'outdated' })
      .expect(200);
    const outcome = Object.fromEntries(bulk.body.results.map((r: { id: string; outcome: string }) => [r.id, r.outcome]));
    expect(outcome).toEqual({
      [items[0].item.id]: taken.body.id === items[0].item.id ? 'conflict' : 'dismissed',
      [items[1].item.id]: taken.body.id === items[1].item.id ? 'conflict' : 'dismissed',
      [items[2].item.id]: taken.body.id === items[2].item.id ? 'conflict' : 'dismissed',
      [missing]: 'not-found',
    });
    expect(await reviewJobIds(app)).toEqual([taken.body.id]);
  });

  it('lists with filters, sorts and a cursor that neither skips nor repeats', async () => {
    const ru = await openItem(app, { severity: 'critical', score: 3, country: 'RU', place: 'Vladivostok', source: 'Far East Daily', title: 'Builders kept on in Vladivostok' });
    const cn = await openItem(app, { severity: 'high', score: 2, country: 'CN', place: 'Dandong', category: 'loyalty-payment', ruleId: 'loyalty-test', text: 'Seafood plant wages went to loyalty funds in Dandong.' });
    const ae = await openItem(app, { severity: 'low', score: 1, country: 'AE', place: 'Dubai', category: 'visa-workaround', ruleId: 'visa-test' });
    await api().post(`/review-items/${cn.item.id}/assign`).set(analysts[0].headers).send({ assignee: 'analyst-3' }).expect(200);
    await api().post(`/review-items/${ae.item.id}/dismiss`).set(analysts[0].headers).send({ reason: 'off_topic' }).expect(200);

    const ids = async (query: Record<string, string>) =>
      ((await api().get('/review-items').query(query).set(viewer.headers).expect(200)).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids({})).toEqual([ru.item.id, cn.item.id, ae.item.id]);
    expect(await ids({ state: 'open' })).toEqual([ru.item.id, cn.item.id]);
    expect(await ids({ state: 'dismissed' })).toEqual([ae.item.id]);
    expect(await ids({ category: 'loyalty-payment' })).toEqual([cn.item.id]);
    expect(await ids({ severity: 'critical,low' })).toEqual([ru.item.id, ae.item.id]);
    expect(await ids({ source: ru.source.id })).toEqual([ru.item.id]);
    expect(await ids({ place: 'cn' })).toEqual([cn.item.id]);
    expect(await ids({ place: 'dubai' })).toEqual([ae.item.id]);
    expect(await ids({ assignee: 'analyst-3' })).toEqual([cn.item.id]);
    expect(await ids({ assignee: 'none', state: 'open' })).toEqual([ru.item.id]);
    expect(await ids({ rule: 'visa-test' })).toEqual([ae.item.id]);
    expect(await ids({ q: 'loyalty dandong' })).toEqual([cn.item.id]);
    expect(await ids({ q: 'Vladivostok builders' })).toEqual([ru.item.id]);
    expect(await ids({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await ids({ sort: 'newest' })).toEqual([ae.item.id, cn.item.id, ru.item.id]);

    const first = (await api().get('/review-items').query({ state: 'open' }).set(viewer.headers)).body.items[0];
    expect(first).toMatchObject({ title: 'Builders kept on in Vladivostok', sourceNames: ['Far East Daily'], articleCount: 1, claimActive: false });
    expect(first).not.toHaveProperty('claimToken');

    // More items than a page: walking the cursor visits each exactly once, in order.
    const more = await Promise.all(Array.from({ length: 7 }, (_, i) => openItem(app, { severity: 'medium', score: 1 + (i % 3) })));
    for (const sort of ['priority', 'oldest', 'due', 'activity']) {
      const expected = await ids({ sort, limit: '200' });
      const walked: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await api().get('/review-items').query({ sort, limit: '3', ...(cursor ? { cursor } : {}) }).set(viewer.headers).expect(200)).body;
        walked.push(...page.items.map((i: { id: string }) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(walked).toEqual(expected);
      expect(walked).toHaveLength(10);
    }
    expect(more).toHaveLength(7);

    await api().get('/review-items').query({ state: 'sleeping' }).set(viewer.headers).expect(400);
    await api().get('/review-items').query({ cursor: 'garbage' }).set(viewer.headers).expect(400);
    await api().get('/review-items').query({ limit: '5000' }).set(viewer.headers).expect(400);
  });

  it('stats, per-rule figures and suggested exclusions come from the decisions', async () => {
    const rule = await app.get(PrismaService).rule.upsert({
      where: { id: 'overstay-test' },
      create: { id: 'overstay-test', name: 'Overstay (test)', category: 'worker-overstay', severity: 'high', query: 'overstay' },
      update: {},
    });
    const items = await Promise.all(Array.from({ length: 5 }, () => openItem(app, { ruleId: rule.id })));
    const [a, b] = analysts;
    await api().post(`/review-items/${items[0].item.id}/confirm`).set(a.headers).send({ disposition: 'reportable' }).expect(200);
    await api().post(`/review-items/${items[1].item.id}/dismiss`).set(a.headers).send({ reason: 'wrong_sense', misleadingTerm: 'Overstay' }).expect(200);
    await api().post(`/review-items/${items[2].item.id}/dismiss`).set(b.headers).send({ reason: 'wrong_sense', misleadingTerm: 'overstay' }).expect(200);
    await api().post(`/review-items/${items[3].item.id}/dismiss`).set(b.headers).send({ reason: 'duplicate', misleadingSourceId: items[3].source.id }).expect(200);

    const stats = (await api().get('/review-items/stats').set(viewer.headers).expect(200)).body;
    expect(stats.byState).toEqual({ new: 1, in_review: 0, confirmed: 1, dismissed: 3, escalated: 0 });
    expect(stats.openByCategory).toEqual({ 'worker-overstay': 1 });
    expect(stats.oldestOpen.id).toBe(items[4].item.id);
    const perAnalyst = Object.fromEntries(stats.decisionsByAnalyst.map((d: { actor: string; total: number }) => [d.actor, d.total]));
    expect(perAnalyst[a.username]).toBeGreaterThanOrEqual(2);
    expect(perAnalyst[b.username]).toBeGreaterThanOrEqual(2);

    const figures = (await api().get(`/rules/${rule.id}/figures`).set(viewer.headers).expect(200)).body;
    expect(figures).toMatchObject({ ruleId: rule.id, hits: 5, confirmed: 1, dismissed: 3, open: 1, dismissedByReason: { wrong_sense: 2, duplicate: 1, off_topic: 0, outdated: 0 } });
    expect(figures.precision).toBeCloseTo(0.25);
    expect(figures.medianDecisionMs).toBeGreaterThanOrEqual(0);
    const all = (await api().get('/rules/figures').set(viewer.headers).expect(200)).body as { ruleId: string }[];
    expect(all.find((f) => f.ruleId === rule.id)).toMatchObject({ hits: 5 });

    const exclusions = (await api().get(`/rules/${rule.id}/suggested-exclusions`).set(viewer.headers).expect(200)).body;
    expect(exclusions).toEqual([
      expect.objectContaining({ kind: 'term', value: 'overstay', count: 2 }),
      expect.objectContaining({ kind: 'source', value: items[3].source.id, label: items[3].source.name, count: 1 }),
    ]);
  });

  it("a draft rule's backtest reports how it fares against past decisions", async () => {
    const [a] = analysts;
    const kept = await openItem(app, { ruleId: 'stay-test', title: 'Kept on', text: 'The crews were ordered to stay at the shipyard after their visas expired.' });
    const noise = await openItem(app, { ruleId: 'stay-test', title: 'Football', text: 'The striker will overstay his welcome, fans said, as the club renewed his contract.' });
    const other = await openItem(app, { ruleId: 'visa-test', title: 'Trainees', text: 'Trainee visas were used for builders who were ordered to stay another year.' });
    for (const x of [kept, other]) await api().post(`/review-items/${x.item.id}/confirm`).set(a.headers).send({ disposition: 'monitor' }).expect(200);
    await api().post(`/review-items/${noise.item.id}/dismiss`).set(a.headers).send({ reason: 'wrong_sense', misleadingTerm: 'overstay' }).expect(200);

    const tightened = await api()
      .post('/rules/backtest')
      .set(admin.headers)
      .send({ rule: { id: 'stay-test', query: '"ordered to stay"' } })
      .expect(200);
    expect(tightened.body.decisions).toEqual({
      confirmed: { total: 1, stillCaught: 1, lost: [] },
      dismissed: { total: 1, nowDropped: 1, stillCaught: [] },
      newlyCaughtConfirmed: { count: 1, samples: [{ reviewItemId: other.item.id, title: 'Trainees' }] },
    });
    const tooNarrow = await api().post('/rules/backtest').set(admin.headers).send({ rule: { id: 'stay-test', query: 'striker' } }).expect(200);
    expect(tooNarrow.body.decisions).toMatchObject({
      confirmed: { total: 1, stillCaught: 0, lost: [{ reviewItemId: kept.item.id, title: 'Kept on' }] },
      dismissed: { total: 1, nowDropped: 0, stillCaught: [{ reviewItemId: noise.item.id, title: 'Football' }] },
      newlyCaughtConfirmed: { count: 0 },
    });
  });

  it('after Redis loses everything, reconciliation puts every open item back and nothing else', async () => {
    const items = await Promise.all(Array.from({ length: 8 }, (_, i) => openItem(app, { score: 1 + i / 10 })));
    const [a] = analysts;
    const held = await api().post('/review-items/next').set(a.headers).expect(200);
    for (const x of items.slice(0, 3).filter((x) => x.item.id !== held.body.id)) {
      await api().post(`/review-items/${x.item.id}/dismiss`).set(analysts[1].headers).send({ reason: 'outdated' }).expect(200);
    }
    const open = await app.get(PrismaService).reviewItem.findMany({ where: { state: { in: ['new', 'in_review', 'escalated'] } } });

    await deleteQueuePrefix(env.config.redisUrl, env.config.queuePrefix);
    expect(await reviewJobIds(app)).toEqual([]);

    const result = (await api().post('/review-items/reconcile').set(admin.headers).expect(200)).body;
    expect(result.requeued).toBe(open.length);
    expect(await reviewJobIds(app)).toEqual(open.map((i) => i.id).sort());
    // The held item waits (delayed) until its claim would lapse; the others are takeable.
    const job = await app.get(QueueService).queue(QUEUE.review).getJob(held.body.id);
    expect(await job!.getState()).toBe('delayed');

    // A second run finds nothing to do; a job whose item is closed is removed.
    const closed = items.find((x) => x.item.id !== held.body.id && !open.some((o) => o.id === x.item.id))!;
    await app.get(QueueService).add('review', 'review-item', { reviewItemId: closed.item.id }, { jobId: closed.item.id, priority: 5 });
    expect(await app.get(ReviewUpkeepService).reconcile()).toMatchObject({ requeued: 0, removed: 1 });
    expect(await reviewJobIds(app)).toEqual(open.map((i) => i.id).sort());

    // The holder still decides the item; analysts drain the rest and nothing is served twice.
    await api().post(`/review-items/${held.body.id}/confirm`).set(a.headers).send({ disposition: 'monitor' }).expect(200);
    const served: string[] = [];
    for (;;) {
      const r = await api().post('/review-items/next').set(analysts[2].headers);
      if (r.status === 204) break;
      served.push(r.body.id);
      await api().post(`/review-items/${r.body.id}/confirm`).set(analysts[2].headers).send({ disposition: 'monitor' }).expect(200);
    }
    expect(served.sort()).toEqual(open.map((i) => i.id).filter((id) => id !== held.body.id).sort());
  });
});

describe('review queue timing: claim expiry and SLA escalation', () => {
  let env: TestEnv;
  let app: INestApplication;
  let a: TestUser;
  let b: TestUser;

  beforeAll(async () => {
    // Claims lapse after 2 s idle; a critical item is due 3.6 s after opening.
    env = await createTestEnv({ REVIEW_CLAIM_IDLE_MS: '2000', REVIEW_SLA_HOURS: 'critical=0.001,high=24,medium=72,low=168' });
    app = await startApiApp(env);
    a = await createTestUser(app, 'analyst', 'slow-analyst');
    b = await createTestUser(app, 'analyst', 'next-analyst');
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  const api = () => request(app.getHttpServer());

  it('an idle claim lapses and the item goes back to the queue for the next analyst', async () => {
    const { item } = await openItem(app, { severity: 'high' });
    const taken = await api().post('/review-items/next').set(a.headers).expect(200);
    expect(taken.body.id).toBe(item.id);
    await api().post('/review-items/next').set(b.headers).expect(204);
    // Renewing keeps it; then a goes quiet.
    await api().post(`/review-items/${item.id}/renew`).set(a.headers).expect(200);
    const retaken = await until('the lapsed claim to be taken by b', async () => {
      const r = await api().post('/review-items/next').set(b.headers);
      return r.status === 200 ? r.body : undefined;
    });
    expect(retaken).toMatchObject({ id: item.id, claimedBy: b.username, state: 'in_review' });
    // a's late decision is refused rather than overwriting b's work.
    const late = await api().post(`/review-items/${item.id}/confirm`).set(a.headers).send({ disposition: 'monitor' }).expect(409);
    expect(late.body.message).toContain(`held by ${b.username}`);
    await api().post(`/review-items/${item.id}/renew`).set(a.headers).expect(409);
    await api().post(`/review-items/${item.id}/confirm`).set(b.headers).send({ disposition: 'monitor' }).expect(200);
  }, 30_000);

  it('an overdue item is escalated by its delayed SLA job, flagged, and alerts are queued', async () => {
    const { Test } = await import('@nestjs/testing');
    const { WorkerModule } = await import('../apps/worker/src/worker.module');
    const worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot({ config: env.config, schedulers: false, queues: ['review-timers'] })] }).compile();
    const workerApp = worker.createNestApplication({ logger: false });
    await workerApp.init();
    try {
      const { item } = await openItem(app, { severity: 'critical' });
      const due = await until('the SLA escalation', async () => {
        const row = await app.get(PrismaService).reviewItem.findUnique({ where: { id: item.id } });
        return row?.overdue ? row : undefined;
      });
      expect(due).toMatchObject({ state: 'escalated', overdue: true });
      const events = await app.get(ReviewService).history(item.id);
      expect(events.map((e) => [e.action, e.actor])).toEqual([
        ['opened', 'system'],
        ['sla-escalated', 'system:sla'],
      ]);
      const alerts = app.get(QueueService).queue(QUEUE.alert);
      expect(await alerts.getJob(`alert.${item.id}.critical`)).toBeTruthy();
      // The escalation is committed first, then its alert queued: wait for the second step.
      await until('the escalation alert', async () => alerts.getJob(`alert.${item.id}.escalated`), 10_000);
      const listed = (await api().get('/review-items').query({ overdue: 'true' }).set(a.headers).expect(200)).body.items;
      expect(listed.map((i: { id: string }) => i.id)).toEqual([item.id]);
    } finally {
      await workerApp.close();
    }
  }, 30_000);
});
