import { INestApplication } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Browser, Page, chromium } from 'playwright-core';
import { runDemo } from '../apps/cli/src/demo/demo-runner';
import { PrismaClient } from '../libs/database/src/generated/client';
import { startApiApp } from './support/api-app';
import { TestUser, createTestUser } from './support/auth-users';
import { TestEnv, createTestEnv } from './support/test-env';

const SHOTS = resolve(__dirname, '../test-output/screenshots');
const EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> Workers kept abroad';

describe('the web application in a real browser', () => {
  let env: TestEnv;
  let app: INestApplication;
  let prisma: PrismaClient;
  let browser: Browser;
  let base: string;
  let analyst: TestUser;
  let admin: TestUser;

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  async function signIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${base}/app/queue`);
    // No session: the page sends us to the login form, and back afterwards.
    await page.waitForURL(/\/login\?next=/);
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await page.click('form.login button[type=submit]');
    await page.waitForURL(`${base}/app/queue`);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await createTestEnv();
    await runDemo(env.config); // real sources, articles, matches and review items
    prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
    // A feed title with markup, as a hostile feed would send it (stored as text, like the ingest path stores it).
    const first = await prisma.reviewItem.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
    await prisma.article.update({ where: { id: first.articleId }, data: { title: EVIL } });
    app = await startApiApp(env);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    analyst = await createTestUser(app, 'analyst', 'ana');
    admin = await createTestUser(app, 'admin', 'adam');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await prisma?.$disconnect();
    await env?.cleanup();
  });

  it('lets an analyst triage three items with the keyboard, and records each in the audit trail', async () => {
    const page = await signIn(analyst);
    await shot(page, 'queue');
    const ids = await page.$$eval('#queue tbody tr[data-item-id]', (rows) => rows.map((r) => r.getAttribute('data-item-id')));
    expect(ids.length).toBeGreaterThanOrEqual(3);

    // j then k: back on the first row.
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await page.getAttribute('#queue tbody tr.selected', 'data-item-id')).toBe(ids[0]);

    await page.keyboard.press('c');
    await page.keyboard.press('2'); // monitor
    await page.keyboard.press('Enter');
    await page.waitForSelector('#flash:has-text("Saved: confirm")');
    await page.waitForSelector('#queue tbody tr.selected[data-item-id="' + ids[1] + '"]');

    await page.keyboard.press('d');
    await page.keyboard.press('4'); // wrong sense
    await page.keyboard.press('Enter');
    await page.waitForSelector('#flash:has-text("Saved: dismiss")');
    await page.waitForSelector('#queue tbody tr.selected[data-item-id="' + ids[2] + '"]');

    await page.keyboard.press('e');
    await page.keyboard.type('needs a second look');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#flash:has-text("Saved: escalate")');

    const states = await prisma.reviewItem.findMany({ where: { id: { in: ids.slice(0, 3) as string[] } } });
    const byId = new Map(states.map((s) => [s.id, s]));
    expect(byId.get(ids[0]!)).toMatchObject({ state: 'confirmed', disposition: 'monitor', decidedBy: 'ana' });
    expect(byId.get(ids[1]!)).toMatchObject({ state: 'dismissed', dismissReason: 'wrong_sense', decidedBy: 'ana' });
    expect(byId.get(ids[2]!)).toMatchObject({ state: 'escalated' });

    await page.goto(`${base}/app/audit?actor=ana`);
    await shot(page, 'audit');
    const audit = await page.$$eval('#audit tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const entities = audit.filter((cells) => ids.slice(0, 3).includes(cells[4]));
    expect(entities.map((c) => c[1])).toEqual(['ana', 'ana', 'ana']);
    expect(entities.length).toBe(3);

    await page.goto(`${base}/app/items/${ids[2]}`);
    await page.waitForSelector('#history');
    expect(await page.textContent('#history')).toContain('needs a second look');
    await shot(page, 'item');
  });

  it('keeps an analyst out of admin pages', async () => {
    const page = await signIn(analyst);
    for (const path of ['/app/rules/new', '/app/users']) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(403);
      expect(await page.textContent('main')).toContain('You do not have access to this page.');
    }
    const res = await page.goto(`${base}/app/rules`);
    expect(res?.status()).toBe(200);
    expect(await page.$('a[href="/app/rules/new"]')).toBeNull();
  });

  it('shows a malicious feed title as inert text', async () => {
    const page = await signIn(analyst);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/app/queue?state=open&sort=oldest`);
    // The item whose article carries the hostile title (items may open in any order).
    const item = await prisma.reviewItem.findFirstOrThrow({ where: { articles: { some: { article: { title: { contains: '<script>window.__pwned=1</script>' } } } } } });
    await page.goto(`${base}/app/items/${item.id}`);
    await shot(page, 'item-malicious-title');
    expect(await page.textContent('h1')).toContain('<script>window.__pwned=1</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$('main img[src=x]')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('lets an admin edit a rule, watch its test cases fail and pass, backtest, save and roll back', async () => {
    const page = await signIn(admin);
    const rule = await prisma.rule.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await page.goto(`${base}/app/rules`);
    await shot(page, 'rules');
    await page.goto(`${base}/app/rules/${rule.id}`);
    await page.waitForSelector('#syntax.good');
    await page.waitForSelector('#rule-editor[data-tests="pass"]');

    // A case the rule cannot match: the live check shows it failing.
    await page.fill('textarea[name="tests.match"]', `${await page.inputValue('textarea[name="tests.match"]')}\nthe weather in Lisbon is mild`);
    await page.waitForSelector('#test-results li.fail');
    await page.waitForSelector('#rule-editor[data-tests="fail"]');
    await shot(page, 'rule-editor-failing');
    // Saving is refused while it fails.
    await page.click('#save-rule');
    await page.waitForSelector('#flash.error:has-text("test case")');

    // Take it out again: all pass.
    const lines = (await page.inputValue('textarea[name="tests.match"]')).split('\n').filter((l) => !l.includes('Lisbon'));
    await page.fill('textarea[name="tests.match"]', lines.join('\n'));
    await page.waitForSelector('#rule-editor[data-tests="pass"]');
    expect(await page.$('#test-results li.fail')).toBeNull();

    // A broken query is reported while typing.
    const query = await page.inputValue('textarea[name="query"]');
    await page.fill('textarea[name="query"]', `(${query}`);
    await page.waitForSelector('#syntax.bad');
    await page.fill('textarea[name="query"]', query);
    await page.waitForSelector('#syntax.good');

    await page.click('#bt-run');
    await page.waitForSelector('#bt-result .backtest-summary');
    expect(await page.textContent('#bt-result .backtest-summary')).toMatch(/\d+ hit\(s\) in \d+ article\(s\)/);

    const severity = rule.severity === 'critical' ? 'high' : 'critical';
    await page.selectOption('select[name="severity"]', severity);
    await page.fill('input[name="note"]', 'raised from the web editor');
    await shot(page, 'rule-editor');
    await page.click('#save-rule');
    await page.waitForURL(`${base}/app/rules/${rule.id}/history`);
    expect(await prisma.rule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ version: rule.version + 1, severity });
    expect(await page.textContent('#diff')).toContain(`severity: ${severity}`);
    await shot(page, 'rule-history');

    await page.click(`button:has-text("Roll back to v${rule.version}")`);
    await page.waitForSelector(`tr[data-version="${rule.version + 2}"]`);
    const rolled = await prisma.rule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(rolled).toMatchObject({ version: rule.version + 2, severity: rule.severity });
    const events = await prisma.auditEvent.findMany({ where: { entityId: rule.id, actor: 'adam' } });
    expect(events).toHaveLength(2);
  });

  it('renders the other pages for an admin', async () => {
    const page = await signIn(admin);
    // A source whose last polls are retrying failed entries says so in its health.
    const retrying = await prisma.source.findFirstOrThrow();
    await prisma.source.update({ where: { id: retrying.id }, data: { entryRetryPolls: 2 } });
    for (const [path, name] of [['/app', 'dashboard'], ['/app/sources', 'sources'], ['/app/subscriptions', 'subscriptions'], ['/app/users', 'users']] as const) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(200);
      await shot(page, name);
    }
    await page.goto(`${base}/app/sources`);
    expect(await page.locator('table.list').innerText()).toContain('entries failed at the last 2 poll(s): the whole feed is fetched again to retry them');
    await prisma.source.update({ where: { id: retrying.id }, data: { entryRetryPolls: 0 } });
    const sub = await prisma.subscription.findFirst();
    if (sub) {
      await page.goto(`${base}/app/subscriptions/${sub.id}`);
      await page.waitForSelector('#preview-summary');
      await shot(page, 'subscription');
    }
    const source = await prisma.source.findFirstOrThrow();
    await page.goto(`${base}/app/sources/${source.id}`);
    await shot(page, 'source');
  });
});
