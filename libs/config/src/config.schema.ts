import { isIP } from 'node:net';
import { z } from 'zod';

const url = (protocols: string[], example: string) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL, e.g. ${example}`);

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `a whole number from ${min} to ${max}`);

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const HOST_NAME = /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * Why one FETCH_ALLOWLIST entry is malformed, or null. The fetcher's
 * AllowList.parse (@app/ingest) reads the same syntax; config cannot import
 * it (ingest depends on config), so a spec there checks both agree.
 */
function allowListEntryProblem(entry: string): string | null {
  if (entry.includes('/')) {
    const m = /^([^/\s]+)\/(\d{1,3})$/.exec(entry);
    const family = m ? isIP(m[1]) : 0;
    if (!m || !family) return 'is not a CIDR range such as 10.0.0.0/8 or fd00::/8';
    return Number(m[2]) > (family === 4 ? 32 : 128) ? 'has a prefix length too long for its address' : null;
  }
  if (isIP(entry) === 6) return null;
  const m = /^(\[([^\]]+)\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!m) return 'is not a host, host:port, IP address or CIDR range';
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535)) return 'has a port outside 1-65535';
  if (m[2] !== undefined) return isIP(m[2]) === 6 ? null : 'has brackets around something that is not an IPv6 address';
  if (isIP(m[1])) return null;
  if (/^[\d.]+$/.test(m[1])) return 'is not a valid IPv4 address';
  return HOST_NAME.test(m[1]) ? null : 'is not a valid host name';
}

const allowList = z
  .string()
  .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = allowListEntryProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: `a comma-separated list of hosts, host:ports, IPs or CIDR ranges, e.g. "intranet.example, 127.0.0.1:8080, 10.0.0.0/8"; the entry "${entry}" ${problem}` });
    }
  });

/**
 * Every environment variable the service reads, with the default that works on
 * a developer machine. `.env.example` lists the same variables.
 */
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** "critical=4,high=24,medium=72,low=168": every severity, hours as positive numbers. */
const slaHours = z
  .string()
  .transform((raw, ctx) => {
    const out: Partial<Record<(typeof SEVERITIES)[number], number>> = {};
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [key, value] = part.split('=').map((x) => x.trim());
      const hours = Number(value);
      if (!(SEVERITIES as readonly string[]).includes(key) || !Number.isFinite(hours) || hours <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not severity=hours (severities: ${SEVERITIES.join(', ')})` });
        return z.NEVER;
      }
      out[key as (typeof SEVERITIES)[number]] = hours;
    }
    const missing = SEVERITIES.filter((s) => out[s] === undefined);
    if (missing.length) {
      ctx.addIssue({ code: 'custom', message: `missing ${missing.join(', ')} (give all four, e.g. critical=4,high=24,medium=72,low=168)` });
      return z.NEVER;
    }
    return out as Record<(typeof SEVERITIES)[number], number>;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['postgresql:', 'postgres:'], 'postgresql://user@127.0.0.1:5432/sanctions_monitor').default(
    'postgresql://root@127.0.0.1:5432/sanctions_monitor',
  ),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, "-" or "_" (1 to 40)')
    .default('sm'),
  API_PORT: int(1, 65535).default(3000),
  PUBLIC_BASE_URL: url(['http:', 'https:'], 'https://monitor.example.org').default('http://localhost:3000'),
  SMTP_URL: url(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.org:587').optional(),
  MAIL_OUTBOX_DIR: z.string().min(1).default('var/outbox'),
  MAIL_FROM: z
    .string()
    .regex(/^(.*<)?[^@\s<>]+@[^@\s<>]+\.?[^@\s<>]*>?$/, 'an address such as "Sanctions Monitor <monitor@example.org>"')
    .default('Sanctions Monitor <monitor@localhost>'),
  // Signs the one-click unsubscribe links in digests; the api and the worker must share it. Set your own in production.
  UNSUBSCRIBE_SECRET: z.string().min(16, 'at least 16 characters').default('development-only-unsubscribe-secret'),
  // A digest or alert the SMTP server refuses is retried with exponential backoff: base delay x 2^n, for this many attempts
  // (defaults: 45 s doubling over 12 attempts, about a day in all).
  MAIL_RETRY_BASE_MS: int(10, 3_600_000).default(45_000),
  MAIL_RETRY_ATTEMPTS: int(1, 30).default(12),
  RULES_DIR: z.string().min(1).default('config/rules'),
  SOURCES_FILE: z.string().min(1).default('config/sources.yaml'),
  SUBSCRIPTIONS_FILE: z.string().min(1).default('config/subscriptions.yaml'),
  SAMPLE_DIR: z.string().min(1).default('config/sample'),
  // 0 picks a free port (tests); the default is fixed so the sample source keeps one address.
  SAMPLE_PORT: int(0, 65535).default(48080),
  FETCH_TIMEOUT_MS: int(100, 300000).default(20000),
  FETCH_MAX_BYTES: int(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  FETCH_USER_AGENT: z.string().min(1).default('SanctionsMonitor/0.1'),
  FETCH_CONNECT_TIMEOUT_MS: int(100, 300000).default(10000),
  FETCH_MAX_REDIRECTS: int(0, 20).default(5),
  // Decompressed size cap: FETCH_MAX_BYTES counts bytes on the wire, which a gzip bomb keeps tiny.
  FETCH_MAX_INFLATED_BYTES: int(1024, 1024 * 1024 * 1024).default(20 * 1024 * 1024),
  // Internal targets the fetcher may reach despite its SSRF guard (private, loopback, link-local... addresses).
  FETCH_ALLOWLIST: allowList.default([]),
  SCHEDULER_ENABLED: bool.default(true),
  // Jobs each worker process runs at once, per queue (fetching is I/O-bound, classifying CPU-bound).
  WORKER_CONCURRENCY_INGEST: int(1, 256).default(4),
  // Pages of one feed fetched and read at a time during a poll.
  INGEST_PAGE_CONCURRENCY: int(1, 32).default(4),
  // Worker threads that read fetched pages (extraction, language, fingerprints); 0 reads them on the polling thread.
  INGEST_READ_THREADS: int(0, 16).default(1),
  WORKER_CONCURRENCY_CLASSIFY: int(1, 256).default(2),
  WORKER_CONCURRENCY_DIGEST: int(1, 256).default(4),
  WORKER_CONCURRENCY_REVIEW_TIMERS: int(1, 256).default(2),
  WORKER_CONCURRENCY_ALERT: int(1, 256).default(2),
  // A job whose worker died is taken up again once its lock lapses (checked every stalled interval).
  WORKER_LOCK_MS: int(1000, 3_600_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: int(500, 3_600_000).default(30_000),
  // An analyst's claim on a review item lapses after this long without activity (the item goes back to the queue).
  REVIEW_CLAIM_IDLE_MS: int(1_000, 24 * 3_600_000).default(15 * 60_000),
  // Hours to a decision per severity; an open item past its deadline is escalated and flagged overdue.
  REVIEW_SLA_HOURS: slaHours.default({ critical: 4, high: 24, medium: 72, low: 168 }),
  // How often the review queue is reconciled with PostgreSQL (open items without a job, jobs of closed items).
  REVIEW_RECONCILE_INTERVAL_MS: int(1_000, 24 * 3_600_000).default(5 * 60_000),
  // An api process that stops gives the analysts' claims it served back to the queue (false: they wait for
  // the analysts, who go on through another api process, and lapse after REVIEW_CLAIM_IDLE_MS if idle).
  REVIEW_RELEASE_CLAIMS_ON_SHUTDOWN: bool.default(true),
  // Accounts: a login session lasts this long; this many wrong passwords in a row lock the account for the lockout time.
  AUTH_SESSION_HOURS: int(1, 24 * 30).default(12),
  AUTH_MAX_FAILED_LOGINS: int(1, 100).default(5),
  AUTH_LOCKOUT_MINUTES: int(1, 24 * 60).default(15),
  // Secure cookies: "auto" sets the flag when the request came over HTTPS; "always" when a TLS proxy sits in front.
  AUTH_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  // Requests per minute: login attempts per client address; API calls per user (or address without one).
  RATE_LIMIT_LOGIN_PER_MINUTE: int(1, 10_000).default(10),
  RATE_LIMIT_API_PER_MINUTE: int(1, 1_000_000).default(600),
  // Requests with wrong credentials (a bad token or session) one address may send a minute before it is refused outright.
  RATE_LIMIT_FAILED_AUTH_PER_MINUTE: int(1, 1_000_000).default(30),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  // api and worker log lines: one JSON object each (what log collectors read), or one readable line each. Unset: JSON in production.
  LOG_FORMAT: z.enum(['json', 'text']).optional(),
  // The worker's Prometheus endpoint (http://<host>:<port>/metrics); 0 turns it off. The api serves /metrics on API_PORT.
  METRICS_PORT: int(0, 65535).default(9464),
  // On SIGTERM, how long jobs (and HTTP requests) in hand may run on; past it, jobs go back to their queue for another worker.
  SHUTDOWN_GRACE_MS: int(0, 3_600_000).default(25_000),
  // How far (percent) V8 lets a process's heap grow past what the last full garbage collection kept before
  // collecting again; 0 leaves V8's own choice (up to 300%). 50 kept the ingest worker under 300 MB at no measured cost in speed.
  HEAP_GROWTH_PERCENT: int(0, 1000).default(50),
});

export type Env = z.infer<typeof envSchema>;
