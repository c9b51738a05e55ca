import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startApiApp } from './support/api-app';
import { createTestUser } from './support/auth-users';
import { TestEnv, createTestEnv } from './support/test-env';

/**
 * Made-up credentials each get a fresh budget from the per-credential rate
 * limit; the address that sends them is what gets cut off.
 */
describe('a flood of wrong credentials from one address', () => {
  let env: TestEnv;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTestEnv({ RATE_LIMIT_FAILED_AUTH_PER_MINUTE: '5' });
    app = await startApiApp(env);
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('is refused with 429 once the address has sent too many, before any lookup, and requests without credentials are not counted', async () => {
    const valid = await createTestUser(app, 'viewer');
    const http = () => request(app.getHttpServer());
    // No credentials at all: a plain 401, however many.
    for (let i = 0; i < 8; i++) await http().get('/sources').expect(401);
    await http().get('/sources').set(valid.headers).expect(200);

    for (let i = 0; i < 5; i++) {
      await http().get('/sources').set('Authorization', `Bearer smt_${randomBytes(24).toString('hex')}`).expect(401);
    }
    const refused = await http().get('/sources').set('Authorization', `Bearer smt_${randomBytes(24).toString('hex')}`).expect(429);
    expect(refused.body.message).toBe('too many requests with wrong credentials from this address: wait a minute and try again');
    await http().get('/sources').set('Cookie', `sm_session=${randomBytes(24).toString('hex')}`).expect(429);
    // The address is cut off for the rest of the minute, whoever it is: a shared address shares the penalty.
    await http().get('/sources').set(valid.headers).expect(429);
  });
});
