import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

export const subscriptionDefinitionSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'a lower-case slug'),
    name: z.string().min(1).max(200),
    recipients: z.array(z.email()).min(1),
    enabled: z.boolean().default(true),
    sendEmpty: z.boolean().default(false),
  })
  .strict();

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
