import { INestApplication } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import request from 'supertest';
import { runDemo } from '../apps/cli/src/demo/demo-runner';
import { PrismaClient } from '../libs/database/src/generated/client';
import { startApiApp } from './support/api-app';
import { createTestUser } from './support/auth-users';
import { TestEnv, createTestEnv } from './support/test-env';

const draft = {
  id: 'test-sakhalin-quota',
  name: 'Sakhalin quotas',
  category: 'loyalty-payment',
  severity: 'high',
  query: '("north korea*" OR pyongyang) AND (quota* OR "loyalty money") NEAR/10 (workers OR labourers)',
  tests: {
    match: ['Pyongyang doubled the loyalty money its workers in Sakhalin must pay.'],
    noMatch: ['Airline loyalty money-back offers for frequent flyers.'],
  },
};

describe('the rules API: edit, test, backtest, history and rollback', () => {
  let env: TestEnv;
  let app: INestApplication;
  let prisma: PrismaClient;
  let auth: { Authorization: string };
  const http = () => request.agent(app.getHttpServer()).set(auth);

  beforeAll(async () => {
    env = await createTestEnv();
    await runDemo(env.config); // stores the sample articles through the real pipeline, for the backtest
    app = await startApiApp(env);
    auth = (await createTestUser(app, 'admin', 'rules-admin')).headers;
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await env?.cleanup();
  });

  it('lists the default pack, each rule at version 1 with its first version recorded', async () => {
    const res = await http().get('/rules').expect(200);
    expect(res.body.length).toBeGreaterThanOrEqual(20);
    expect(await prisma.ruleVersion.count()).toBe(res.body.length);
    expect(await prisma.auditEvent.count({ where: { action: 'rule.created', actor: 'rule-pack' } })).toBe(res.body.length);
  });

  it('refuses an invalid query with its position, and a bad shape with each field', async () => {
    const bad = await http().post('/rules').send({ ...draft, query: '(workers AND overstay' }).expect(400);
    expect(bad.body.message).toMatch(/^query: unbalanced parenthesis at 0/);
    const shape = await http().post('/rules').send({ ...draft, category: 'smuggling', severity: 'urgent' }).expect(400);
    expect(shape.body.problems).toEqual([expect.stringMatching(/^category: /), expect.stringMatching(/^severity: /)]);
    await http().post('/rules').send('not json').set('content-type', 'text/plain').expect(400);
  });

  it('refuses a save whose own test cases fail, naming them', async () => {
    const res = await http()
      .post('/rules')
      .send({ ...draft, tests: { match: ['North Korean missiles flew again.'], noMatch: [] } })
      .expect(422);
    expect(res.body.failures).toEqual([{ expected: 'match', title: '', text: 'North Korean missiles flew again.' }]);
    expect(await prisma.rule.count({ where: { id: draft.id } })).toBe(0);
  });

  it('creates, updates with optimistic concurrency, diffs and rolls back, keeping every version and an audit trail', async () => {
    const created = await http().post('/rules').send(draft).expect(201);
    expect(created.body).toMatchObject({ id: draft.id, version: 1, packChecksum: null });
    await http().post('/rules').send(draft).expect(409);

    const v2 = await http()
      .put(`/rules/${draft.id}`)
      .send({ ...draft, severity: 'critical', expectedVersion: 1, note: 'quotas doubled again' })
      .expect(200);
    expect(v2.body).toMatchObject({ version: 2, severity: 'critical' });
    const stale = await http().put(`/rules/${draft.id}`).send({ ...draft, severity: 'low', expectedVersion: 1 }).expect(409);
    expect(stale.body.message).toBe(`rule ${draft.id} is at version 2, not 1: reload it and apply your change again`);
    const same = await http().put(`/rules/${draft.id}`).send({ ...draft, severity: 'critical' }).expect(200);
    expect(same.body.version).toBe(2);

    const diff = await http().get(`/rules/${draft.id}/diff?from=1&to=2`).expect(200);
    expect(diff.body.diff).toContain('-severity: high\n+severity: critical');

    const rolled = await http().post(`/rules/${draft.id}/rollback`).send({ toVersion: 1 }).expect(200);
    expect(rolled.body).toMatchObject({ version: 3, severity: 'high' });
    const history = await http().get(`/rules/${draft.id}/versions`).expect(200);
    expect(history.body.map((v: { version: number; severity: string; note: string | null }) => [v.version, v.severity, v.note])).toEqual([
      [3, 'high', 'rollback to version 1'],
      [2, 'critical', 'quotas doubled again'],
      [1, 'high', null],
    ]);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: draft.id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['rules-admin', 'rule.created'],
      ['rules-admin', 'rule.updated'],
      ['rules-admin', 'rule.updated'],
    ]);
    expect(audit[1].before).toMatchObject({ severity: 'high', version: 1 });
    expect(audit[1].after).toMatchObject({ severity: 'critical', version: 2 });

    await http().get(`/rules/${draft.id}/diff?from=1&to=9`).expect(404);
    await http().put('/rules/no-such-rule').send({ ...draft, id: 'no-such-rule' }).expect(404);
    await http().put(`/rules/${draft.id}`).send({ ...draft, id: 'other-id' }).expect(400);
  });

  it('disabling keeps the rule and its versions, and takes it out of classification', async () => {
    const off = await http().delete(`/rules/${draft.id}`).expect(200);
    expect(off.body).toMatchObject({ enabled: false, version: 4 });
    const t = await http().post('/rules/test').send({ text: 'Pyongyang doubled the loyalty money its workers in Sakhalin must pay.' }).expect(200);
    expect(t.body.matches.map((m: { ruleId: string }) => m.ruleId)).not.toContain(draft.id);
  });

  it('tests a text against the live rules and against a draft, with evidence and facts', async () => {
    const text = 'North Korean laborers in Dalian were ordered to stay after their visas expired, and each pays 3,400 yuan a month in loyalty money.';
    const live = await http().post('/rules/test').send({ title: '', text }).expect(200);
    const categories = [...new Set(live.body.matches.map((m: { category: string }) => m.category))];
    expect(categories).toEqual(expect.arrayContaining(['worker-overstay', 'loyalty-payment']));
    expect(live.body.facts.amounts[0]).toMatchObject({ value: 3400, currency: 'CNY' });
    const one = live.body.matches[0];
    expect(text.slice(one.evidence[0].start, one.evidence[0].end)).toBe(one.evidence[0].text);
    const withDraft = await http().post('/rules/test').send({ text, rule: { query: 'dalian AND yuan' } }).expect(200);
    expect(withDraft.body.matches.map((m: { ruleId: string }) => m.ruleId)).toEqual(['draft']);
    await http().post('/rules/test').send({ text, rule: { query: 'dalian NEAR yuan' } }).expect(400);
  });

  it('backtests a draft over the stored articles, with overlap and samples', async () => {
    const res = await http()
      .post('/rules/backtest')
      .send({ rule: { query: '("north korea*" OR pyongyang) AND (sakhalin OR dandong)', category: 'loyalty-payment' }, samples: 5 })
      .expect(200);
    // The word index hands the matcher only the articles that hold the required words.
    expect(res.body).toMatchObject({ ruleId: 'draft', articlesScanned: 9, candidatesChecked: 2, hits: 2 });
    expect(res.body.overlapByCategory['loyalty-payment']).toBe(2);
    expect(res.body.samples.map((s: { title: string }) => s.title).sort()).toEqual([
      'Pyongyang raises the loyalty money demanded from its workers in Sakhalin',
      'Restaurant staff in Dandong asked to pay party dues early',
    ]);
    // A draft whose words the index cannot require (Hangul) reads every article, and finds the same.
    const wide = await http().post('/rules/backtest').send({ rule: { query: '("north korea*" OR pyongyang) AND (sakhalin OR dandong OR 사할린)' } }).expect(200);
    expect(wide.body).toMatchObject({ articlesScanned: 9, hits: 2 });
    expect(wide.body.candidatesChecked).toBeGreaterThan(2);
    const none = await http().post('/rules/backtest').send({ rule: { query: 'sakhalin' }, from: '2999-01-01T00:00:00Z' }).expect(200);
    expect(none.body).toMatchObject({ articlesScanned: 0, hits: 0 });
    await http().post('/rules/backtest').send({ rule: { query: 'sakhalin' }, from: 'yesterday' }).expect(400);
  });
});
