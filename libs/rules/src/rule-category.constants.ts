/**
 * The five evasion patterns the monitor routes to analysts. Stored as plain strings in
 * the database (Rule.category, Match.category, ReviewItem.categories): never rename one
 * without a data migration.
 */
export const CATEGORIES = [
  'worker-overstay',
  'visa-workaround',
  'loyalty-payment',
  'repatriation-enforcement',
  'it-workers-cyber',
] as const;
export type RuleCategory = (typeof CATEGORIES)[number];

/** Same values as the Prisma `Severity` enum, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
