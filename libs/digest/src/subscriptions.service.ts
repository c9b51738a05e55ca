import { PrismaService, Subscription } from '@app/database';
import { Injectable } from '@nestjs/common';
import { SubscriptionDefinition } from './subscription-definition';

@Injectable()
export class SubscriptionsService {
  constructor(private readonly prisma: PrismaService) {}

  /** Creates the subscriptions a config file defines; existing ones keep an admin's changes. */
  async loadDefinitions(defs: SubscriptionDefinition[]): Promise<Subscription[]> {
    const out: Subscription[] = [];
    for (const def of defs) {
      out.push(await this.prisma.subscription.upsert({ where: { key: def.key }, create: def, update: {} }));
    }
    return out;
  }

  listEnabled(): Promise<Subscription[]> {
    return this.prisma.subscription.findMany({ where: { enabled: true }, orderBy: { name: 'asc' } });
  }
}
