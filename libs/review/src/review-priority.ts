import type { ReviewState, Severity } from '@app/database';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

export function maxSeverity(list: Severity[]): Severity {
  return list.reduce((best, s) => (SEVERITY_RANK[s] < SEVERITY_RANK[best] ? s : best), 'low' as Severity);
}

/**
 * BullMQ priority (1 is taken first): escalated items before everything,
 * then severity, then score, so a critical item always comes before a high
 * one whatever their scores. Within one priority BullMQ keeps insertion
 * order, i.e. the oldest item first.
 */
export function queuePriority(severity: Severity, score: number, state: ReviewState = 'new'): number {
  const scoreBand = 999 - Math.min(999, Math.max(0, Math.round(score * 10)));
  const band = state === 'escalated' ? 0 : 1 + SEVERITY_RANK[severity];
  return 1 + band * 1000 + scoreBand;
}
