export { CATEGORY_LABELS, escapeHtml, groupItems, renderDigest } from './digest-renderer';
export type { DigestItemView, DigestView, RenderedDigest } from './digest-view';
export { DigestModule } from './digest.module';
export { DigestService } from './digest.service';
export { summariseFacts } from './facts-summary';
export { loadSubscriptionFile, subscriptionDefinitionSchema } from './subscription-definition';
export type { SubscriptionDefinition } from './subscription-definition';
export { SubscriptionsService } from './subscriptions.service';
