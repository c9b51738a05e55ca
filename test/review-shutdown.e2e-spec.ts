import { PrismaService } from '@app/database';
import { QUEUE, QueueService } from '@app/queue';
import { ReviewService } from '@app/review';
import { INestApplication } from '@nestjs/common';
import { startApiApp } from './support/api-app';
import { createTestUser } from './support/auth-users';
import { freePort, serviceEnv, startService, started } from './support/ops-processes';
import { openItem } from './support/review-seed';
import { TestEnv, createTestEnv } from './support/test-env';

/** An api process told to stop gives the analysts' claims it served back to the queue. */
describe('review claims when an api process stops', () => {
  let env: TestEnv;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTestEnv();
    app = await startApiApp(env); // seeds and checks; the api under test is a process of its own
  });

  afterAll(async () => {
    await app?.close();
    await env?.cleanup();
  });

  it('SIGTERM releases the claims taken through it, with an audit event, and leaves others alone', async () => {
    const ana = await createTestUser(app, 'analyst', 'ana');
    const bob = await createTestUser(app, 'analyst', 'bob');
    const first = await openItem(app, { severity: 'critical' });
    const second = await openItem(app, { severity: 'high' });

    const port = await freePort();
    const api = startService('api', serviceEnv(env, { API_PORT: String(port) }));
    await started(api, /^API on/);
    const taken = await fetch(`http://127.0.0.1:${port}/review-items/next`, { method: 'POST', headers: ana.headers });
    expect(taken.status).toBe(200);
    expect(((await taken.json()) as { id: string }).id).toBe(first.item.id);
    // bob's claim is served by another api (this test's own app): not this process's to give back.
    await app.get(ReviewService).takeNext(bob.username);

    api.child.kill('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });

    const prisma = app.get(PrismaService);
    expect(await prisma.reviewItem.findUniqueOrThrow({ where: { id: first.item.id } })).toMatchObject({ state: 'new', claimedBy: null, claimToken: null });
    expect(await prisma.reviewItem.findUniqueOrThrow({ where: { id: second.item.id } })).toMatchObject({ state: 'in_review', claimedBy: bob.username });
    const events = await app.get(ReviewService).history(first.item.id);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['opened', 'system'],
      ['claimed', 'ana'],
      ['released', 'system:shutdown'],
    ]);
    const job = await app.get(QueueService).queue(QUEUE.review).getJob(first.item.id);
    expect(['waiting', 'prioritized']).toContain(await job!.getState());
    // ana takes it again through any api.
    expect((await app.get(ReviewService).takeNext(ana.username))?.id).toBe(first.item.id);
  }, 180_000);
});
