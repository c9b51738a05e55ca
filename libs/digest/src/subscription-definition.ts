import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ScheduleError, isTimeZone, parseSchedule } from './schedule';
import { subscriptionFiltersSchema } from './subscription-filters';

const schedule = z.string().transform((v, ctx) => {
  try {
    return parseSchedule(v);
  } catch (e) {
    if (!(e instanceof ScheduleError)) throw e;
    ctx.addIssue({ code: 'custom', message: e.message });
    return z.NEVER;
  }
});

/**
 * The fields a person sets on a subscription, through the API, the CLI or a
 * config file. No defaults here, so the same shape validates a partial update.
 */
export const subscriptionFields = {
  name: z.string().trim().min(1).max(200),
  recipients: z
    .array(z.email('an e-mail address such as desk@example.org').transform((a) => a.toLowerCase()))
    .min(1, 'at least one recipient')
    .max(100)
    .refine((xs) => new Set(xs).size === xs.length, 'each recipient once'),
  enabled: z.boolean(),
  /** A preset ("daily at 7", "weekly on monday at 8:30") or a five-field cron expression; stored as cron. */
  schedule,
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/London or America/New_York'),
  filters: subscriptionFiltersSchema,
  sendEmpty: z.boolean(),
  immediateAlerts: z.boolean(),
};

export const SUBSCRIPTION_DEFAULTS = {
  enabled: true,
  schedule: '0 7 * * *',
  timezone: 'UTC',
  filters: {},
  sendEmpty: false,
  immediateAlerts: false,
};

export const subscriptionPatchSchema = z.object(subscriptionFields).partial().strict();
export type SubscriptionPatch = z.infer<typeof subscriptionPatchSchema>;

export const subscriptionInputSchema = subscriptionPatchSchema.required({ name: true, recipients: true });
export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;

/** A subscription in config/subscriptions.yaml: the input plus a stable key, so reloading never duplicates it. */
export const subscriptionDefinitionSchema = subscriptionInputSchema.extend({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a lower-case slug'),
});

export type SubscriptionDefinition = z.infer<typeof subscriptionDefinitionSchema>;

export function loadSubscriptionFile(path: string): SubscriptionDefinition[] {
  const doc = parse(readFileSync(path, 'utf8')) as { subscriptions?: unknown };
  const parsed = z.array(subscriptionDefinitionSchema).safeParse(doc?.subscriptions ?? []);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: subscriptions.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
