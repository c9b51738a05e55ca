import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { setupApp } from '../../apps/api/src/setup-app';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../libs/database/src/generated/client';
import { adminHeaders } from './auth-users';
import { TestEnv, createTestEnv } from './test-env';

/** The HTTP app exactly as main.ts sets it up (filters, OpenAPI), on the test's own database and Redis prefix. */
export async function startApiApp(env: TestEnv): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(env.config)] }).compile();
  const app = setupApp(moduleRef.createNestApplication({ logger: false }));
  await app.init();
  return app;
}

/** What an API suite works with: its own database and Redis prefix, the app, a Prisma client on that database and an admin's headers. */
export interface AdminApi {
  env: TestEnv;
  app: INestApplication;
  prisma: PrismaClient;
  auth: { Authorization: string };
  /** Closes the app and the client and drops the suite's database and prefix. */
  close(): Promise<void>;
}

/** Starts the API on a fresh test environment (`overrides` to its configuration) with an admin signed in by token. */
export async function startAdminApi(overrides: Record<string, string> = {}): Promise<AdminApi> {
  const env = await createTestEnv(overrides);
  const app = await startApiApp(env);
  const auth = await adminHeaders(app);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.databaseUrl }) });
  return {
    env,
    app,
    prisma,
    auth,
    close: async () => {
      await app.close();
      await prisma.$disconnect();
      await env.cleanup();
    },
  };
}
