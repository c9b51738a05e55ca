import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI on machines that can run it (`npx prisma migrate deploy`).
// The service itself reads DATABASE_URL through @app/config.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/sanctions_monitor' },
});
