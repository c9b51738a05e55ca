import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApiApp } from './support/api-app';
import { adminHeaders } from './support/auth-users';
import { TestEnv, createTestEnv } from './support/test-env';

describe('the HTTP API', () => {
  let env: TestEnv;
  let app: INestApplication;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startApiApp(env);
    auth = await adminHeaders(app);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('answers /health (liveness) without credentials or dependencies, /ready with PostgreSQL, Redis and migrations', async () => {
    const live = await request(app.getHttpServer()).get('/health').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    const ready = await request(app.getHttpServer()).get('/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } } });
  });

  it('serves the OpenAPI document with every route', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/articles',
        '/articles/{id}',
        '/auth/login',
        '/auth/logout',
        '/auth/me',
        '/auth/tokens',
        '/auth/tokens/{id}',
        '/digests',
        '/health',
        '/ready',
        '/review-items',
        '/review-items/bulk-dismiss',
        '/review-items/next',
        '/review-items/reconcile',
        '/review-items/stats',
        '/review-items/{id}',
        '/review-items/{id}/assign',
        '/review-items/{id}/confirm',
        '/review-items/{id}/dismiss',
        '/review-items/{id}/escalate',
        '/review-items/{id}/history',
        '/review-items/{id}/notes',
        '/review-items/{id}/release',
        '/review-items/{id}/renew',
        '/review-items/{id}/reopen',
        '/rules',
        '/rules/backtest',
        '/rules/figures',
        '/rules/test',
        '/rules/{id}',
        '/rules/{id}/diff',
        '/rules/{id}/figures',
        '/rules/{id}/rollback',
        '/rules/{id}/suggested-exclusions',
        '/rules/{id}/versions',
        '/sources',
        '/sources/{id}',
        '/sources/{id}/poll',
        '/subscriptions',
        '/subscriptions/{id}',
        '/subscriptions/{id}/deliveries',
        '/subscriptions/{id}/preview',
        '/users',
        '/users/{username}',
      ].sort(),
    );
    await request(app.getHttpServer()).get('/docs').expect(200).expect('content-type', /html/);
  });

  it('lists what is stored and answers clearly for a bad or unknown id', async () => {
    await request(app.getHttpServer()).get('/sources').set(auth).expect(200).expect([]);
    await request(app.getHttpServer()).get('/review-items').set(auth).expect(200).expect({ items: [], nextCursor: null });
    const bad = await request(app.getHttpServer()).get('/review-items/not-a-uuid').set(auth).expect(400);
    expect(bad.body.message).toMatch(/uuid/i);
    const missing = await request(app.getHttpServer()).get('/review-items/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b').set(auth).expect(404);
    expect(missing.body.message).toBe('no review item 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    await request(app.getHttpServer()).get('/review-items?limit=abc').set(auth).expect(400);
  });
});
