export { maxSeverity, queuePriority, severityRank } from './review-priority';
export { ReviewModule } from './review.module';
export { ReviewService } from './review.service';
export type { MatchSummary } from './review.service';
