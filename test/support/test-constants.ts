/** Shared by the global setup and the suites (the setup runs outside jest's module mapping). */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgresql://root@127.0.0.1:5432';
export const TEMPLATE_DB = 'sm_test_template';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
