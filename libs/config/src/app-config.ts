import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config.error';
import { Env, envSchema } from './config.schema';

/**
 * The validated configuration. The only place that reads process.env: every
 * other part of the service asks this object.
 */
export class AppConfig {
  private constructor(readonly env: Readonly<Env>) {}

  /**
   * Validates the environment (plus `.env` in the working directory, when there
   * is one and the variable is not already set). Throws a ConfigError whose
   * message has one line per bad variable, naming it and what is expected.
   */
  static load(source: NodeJS.ProcessEnv = process.env, envFile = '.env'): AppConfig {
    const merged: Record<string, string | undefined> = { ...readEnvFile(envFile), ...source };
    // An empty value means "use the default", as in most .env conventions.
    for (const k of Object.keys(merged)) if (merged[k] === '') delete merged[k];
    const parsed = envSchema.safeParse(merged);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        const got = merged[name];
        return `${name} must be ${issue.message}${got === undefined ? ' (it is not set)' : ` (got "${got}")`}`;
      });
      throw new ConfigError(problems);
    }
    // A development default that signs links in real mail would let anyone forge unsubscribe links.
    if (parsed.data.NODE_ENV === 'production' && parsed.data.UNSUBSCRIBE_SECRET === envSchema.shape.UNSUBSCRIBE_SECRET.parse(undefined)) {
      throw new ConfigError(['UNSUBSCRIBE_SECRET must be set to a secret of your own in production (at least 16 characters; the api and the worker share it)']);
    }
    return new AppConfig(Object.freeze(parsed.data));
  }

  /** A copy with some variables replaced, validated like the original. */
  with(overrides: Partial<Record<keyof Env, string>>): AppConfig {
    const base = Object.fromEntries(Object.entries(this.env).map(([k, v]) => [k, v === undefined ? undefined : asEnvString(v)]));
    return AppConfig.load({ ...base, ...overrides }, '');
  }

  get databaseUrl(): string {
    return this.env.DATABASE_URL;
  }
  get redisUrl(): string {
    return this.env.REDIS_URL;
  }
  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX;
  }
  get apiPort(): number {
    return this.env.API_PORT;
  }
  get publicBaseUrl(): string {
    return this.env.PUBLIC_BASE_URL.replace(/\/+$/, '');
  }
  get smtpUrl(): string | undefined {
    return this.env.SMTP_URL;
  }
  get mailOutboxDir(): string {
    return resolve(this.env.MAIL_OUTBOX_DIR);
  }
  get mailFrom(): string {
    return this.env.MAIL_FROM;
  }
  get unsubscribeSecret(): string {
    return this.env.UNSUBSCRIBE_SECRET;
  }
  /** Retry schedule of a refused mail: exponential from the base delay, for this many attempts. */
  get mailRetry(): { baseMs: number; attempts: number } {
    return { baseMs: this.env.MAIL_RETRY_BASE_MS, attempts: this.env.MAIL_RETRY_ATTEMPTS };
  }
  get rulesDir(): string {
    return resolve(this.env.RULES_DIR);
  }
  get sourcesFile(): string {
    return resolve(this.env.SOURCES_FILE);
  }
  get subscriptionsFile(): string {
    return resolve(this.env.SUBSCRIPTIONS_FILE);
  }
  get sampleDir(): string {
    return resolve(this.env.SAMPLE_DIR);
  }
  get samplePort(): number {
    return this.env.SAMPLE_PORT;
  }
  get fetchTimeoutMs(): number {
    return this.env.FETCH_TIMEOUT_MS;
  }
  get fetchMaxBytes(): number {
    return this.env.FETCH_MAX_BYTES;
  }
  get fetchUserAgent(): string {
    return this.env.FETCH_USER_AGENT;
  }
  get fetchConnectTimeoutMs(): number {
    return this.env.FETCH_CONNECT_TIMEOUT_MS;
  }
  get fetchMaxRedirects(): number {
    return this.env.FETCH_MAX_REDIRECTS;
  }
  get fetchMaxInflatedBytes(): number {
    return this.env.FETCH_MAX_INFLATED_BYTES;
  }
  /** Entries (host, host:port, IP or CIDR) exempt from the fetcher's SSRF guard; each already checked for syntax. */
  get fetchAllowList(): readonly string[] {
    return this.env.FETCH_ALLOWLIST;
  }
  get schedulerEnabled(): boolean {
    return this.env.SCHEDULER_ENABLED;
  }
  /** BullMQ worker settings for one processed queue. */
  workerOptions(queue: 'ingest' | 'classify' | 'digest' | 'review-timers' | 'alert'): { concurrency: number; lockDuration: number; stalledInterval: number } {
    const concurrency = {
      ingest: this.env.WORKER_CONCURRENCY_INGEST,
      classify: this.env.WORKER_CONCURRENCY_CLASSIFY,
      digest: this.env.WORKER_CONCURRENCY_DIGEST,
      'review-timers': this.env.WORKER_CONCURRENCY_REVIEW_TIMERS,
      alert: this.env.WORKER_CONCURRENCY_ALERT,
    }[queue];
    return { concurrency, lockDuration: this.env.WORKER_LOCK_MS, stalledInterval: this.env.WORKER_STALLED_INTERVAL_MS };
  }
  get reviewClaimIdleMs(): number {
    return this.env.REVIEW_CLAIM_IDLE_MS;
  }
  /** Hours to a decision per severity. */
  get reviewSlaHours(): Env['REVIEW_SLA_HOURS'] {
    return this.env.REVIEW_SLA_HOURS;
  }
  get reviewReleaseClaimsOnShutdown(): boolean {
    return this.env.REVIEW_RELEASE_CLAIMS_ON_SHUTDOWN;
  }
  get reviewReconcileIntervalMs(): number {
    return this.env.REVIEW_RECONCILE_INTERVAL_MS;
  }
  /** Login sessions, lockout and secure-cookie settings. */
  get auth(): { sessionHours: number; maxFailedLogins: number; lockoutMinutes: number; cookieSecure: Env['AUTH_COOKIE_SECURE'] } {
    return { sessionHours: this.env.AUTH_SESSION_HOURS, maxFailedLogins: this.env.AUTH_MAX_FAILED_LOGINS, lockoutMinutes: this.env.AUTH_LOCKOUT_MINUTES, cookieSecure: this.env.AUTH_COOKIE_SECURE };
  }
  get rateLimits(): { loginPerMinute: number; apiPerMinute: number; failedAuthPerMinute: number } {
    return {
      loginPerMinute: this.env.RATE_LIMIT_LOGIN_PER_MINUTE,
      apiPerMinute: this.env.RATE_LIMIT_API_PER_MINUTE,
      failedAuthPerMinute: this.env.RATE_LIMIT_FAILED_AUTH_PER_MINUTE,
    };
  }
  get logLevel(): Env['LOG_LEVEL'] {
    return this.env.LOG_LEVEL;
  }
  get logFormat(): 'json' | 'text' {
    return this.env.LOG_FORMAT ?? (this.env.NODE_ENV === 'production' ? 'json' : 'text');
  }
  /** 0 when the worker should not listen for Prometheus scrapes. */
  get metricsPort(): number {
    return this.env.METRICS_PORT;
  }
  get shutdownGraceMs(): number {
    return this.env.SHUTDOWN_GRACE_MS;
  }
  get ingestPageConcurrency(): number {
    return this.env.INGEST_PAGE_CONCURRENCY;
  }
  /** 0: pages are read on the thread that polls. */
  get ingestReadThreads(): number {
    return this.env.INGEST_READ_THREADS;
  }
  /** 0: V8's own heap growth. */
  get heapGrowthPercent(): number {
    return this.env.HEAP_GROWTH_PERCENT;
  }
}

/** A parsed value written back the way the variable spells it (lists comma-separated, maps as key=value pairs). */
function asEnvString(v: unknown): string {
  if (Array.isArray(v)) return v.join(',');
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${x}`).join(',');
  return String(v);
}

function readEnvFile(path: string): Record<string, string> {
  if (!path || !existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}
