import { Alert, Digest, Prisma, PrismaService, Subscription } from '@app/database';
import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { SUBSCRIPTION_DEFAULTS, SubscriptionDefinition, subscriptionInputSchema, subscriptionPatchSchema } from './subscription-definition';
import { SubscriptionNotFoundError, SubscriptionValidationError } from './subscription.errors';

export type DeliveryLogEntry =
  | ({ kind: 'digest' } & Omit<Digest, 'html' | 'text'>)
  | ({ kind: 'alert' } & Omit<Alert, 'html' | 'text'>);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function problems(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path = i.path.join('.') || 'body';
    const missing = i.code === 'invalid_type' && /received undefined/.test(i.message);
    return `${path}: ${missing ? 'required' : i.message}`;
  });
}

@Injectable()
export class SubscriptionsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the subscriptions a config file defines; existing ones keep an admin's changes, so reloading is a no-op. */
  async loadDefinitions(defs: SubscriptionDefinition[]): Promise<Subscription[]> {
    const out: Subscription[] = [];
    for (const { filters, ...def } of defs) {
      const data = { ...SUBSCRIPTION_DEFAULTS, ...def, filters: (filters ?? {}) as Prisma.InputJsonObject };
      out.push(await this.prisma.subscription.upsert({ where: { key: def.key }, create: data, update: {} }));
    }
    return out;
  }

  listEnabled(): Promise<Subscription[]> {
    return this.prisma.subscription.findMany({ where: { enabled: true }, orderBy: { name: 'asc' } });
  }

  list(): Promise<Subscription[]> {
    return this.prisma.subscription.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  }

  /** By id or by the key a config file gave it. */
  async get(idOrKey: string): Promise<Subscription> {
    const sub = await this.prisma.subscription.findFirst({ where: UUID.test(idOrKey) ? { OR: [{ id: idOrKey }, { key: idOrKey }] } : { key: idOrKey } });
    if (!sub) throw new SubscriptionNotFoundError(idOrKey);
    return sub;
  }

  async create(input: unknown): Promise<Subscription> {
    const parsed = subscriptionInputSchema.safeParse(input);
    if (!parsed.success) throw new SubscriptionValidationError(problems(parsed.error));
    const { filters, ...rest } = parsed.data;
    return this.prisma.subscription.create({ data: { ...SUBSCRIPTION_DEFAULTS, ...rest, filters: (filters ?? {}) as Prisma.InputJsonObject } });
  }

  /**
   * Changes the given fields only. Addresses that used the unsubscribe link
   * stay unsubscribed even if an edit lists them again: only they can undo it
   * (by asking the admin to remove and re-add them).
   */
  async update(idOrKey: string, patch: unknown): Promise<Subscription> {
    const sub = await this.get(idOrKey);
    const parsed = subscriptionPatchSchema.safeParse(patch);
    if (!parsed.success) throw new SubscriptionValidationError(problems(parsed.error));
    const { filters, recipients, ...rest } = parsed.data;
    // Removing an address from the list forgets its opt-out: adding it back later is a fresh subscription.
    const unsubscribed = recipients ? sub.unsubscribed.filter((r) => recipients.includes(r)) : undefined;
    return this.prisma.subscription.update({
      where: { id: sub.id },
      data: { ...rest, ...(recipients ? { recipients, unsubscribed } : {}), ...(filters ? { filters: filters as Prisma.InputJsonObject } : {}) },
    });
  }

  /** Deletes a subscription with its delivery log. */
  async remove(idOrKey: string): Promise<Subscription> {
    const sub = await this.get(idOrKey);
    await this.prisma.subscription.delete({ where: { id: sub.id } });
    return sub;
  }

  /** The one-click unsubscribe: idempotent; an address the subscription never had is refused. */
  async unsubscribe(subscriptionId: string, recipient: string): Promise<{ subscription: Subscription; already: boolean }> {
    const r = recipient.toLowerCase();
    // Appended in one statement, so two clicks at once cannot drop each other's address.
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "Subscription" SET unsubscribed = array_append(unsubscribed, ${r}), "updatedAt" = now()
      WHERE id = ${subscriptionId}::uuid AND ${r} = ANY(recipients) AND NOT (${r} = ANY(unsubscribed))
      RETURNING id`;
    const sub = await this.prisma.subscription.findUnique({ where: { id: subscriptionId } });
    if (!sub || !sub.recipients.includes(r)) throw new SubscriptionNotFoundError(`${subscriptionId} for ${r}`);
    return { subscription: sub, already: rows.length === 0 };
  }

  /** Digests and alerts of a subscription, newest first, with status, attempts, error, Message-ID and recipients. */
  async deliveries(idOrKey: string, limit = 50): Promise<DeliveryLogEntry[]> {
    const sub = await this.get(idOrKey);
    const take = Math.min(500, Math.max(1, limit));
    const [digests, alerts] = await Promise.all([
      this.prisma.digest.findMany({ where: { subscriptionId: sub.id }, omit: { html: true, text: true }, orderBy: { createdAt: 'desc' }, take }),
      this.prisma.alert.findMany({ where: { subscriptionId: sub.id }, omit: { html: true, text: true }, orderBy: { createdAt: 'desc' }, take }),
    ]);
    return [...digests.map((d) => ({ kind: 'digest' as const, ...d })), ...alerts.map((a) => ({ kind: 'alert' as const, ...a }))]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, take);
  }
}
