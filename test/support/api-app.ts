import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { setupApp } from '../../apps/api/src/setup-app';
import { TestEnv } from './test-env';

/** The HTTP app exactly as main.ts sets it up (filters, OpenAPI), on the test's own database and Redis prefix. */
export async function startApiApp(env: TestEnv): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(env.config)] }).compile();
  const app = setupApp(moduleRef.createNestApplication({ logger: false }));
  await app.init();
  return app;
}
