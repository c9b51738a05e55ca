import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a poll did, as IngestService reports it (structural, so this lib needs nothing from @app/ingest). */
export interface PollCounts {
  notModified?: boolean;
  error?: string;
  newArticleIds: readonly string[];
  updatedArticleIds: readonly string[];
  duplicates: number;
  failed: readonly unknown[];
}

/**
 * The process's Prometheus metrics. One registry per Nest application (not
 * prom-client's global one), so several apps in one test process never share
 * or double-register a metric. Counters only ever go up in the process that
 * did the work: Prometheus sums them over every api and worker it scrapes.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly polls = new Counter({
    name: 'sm_polls_total',
    help: 'Source polls, by outcome: ok (feed parsed), not_modified (304), failed (fetch or parse error).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly fetchErrors = new Counter({
    name: 'sm_fetch_errors_total',
    help: 'Polls that failed, by kind (timeout, http-status, blocked-address, too-large, not-a-feed...).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly articles = new Counter({
    name: 'sm_articles_total',
    help: 'Feed items seen by polls, by outcome: new, updated (a new version), duplicate, failed (could not be stored).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly classifications = new Histogram({
    name: 'sm_classification_seconds',
    help: 'Time to classify one article version (rules, facts, matches stored, review item opened).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly matches = new Counter({
    name: 'sm_matches_total',
    help: 'Rule matches stored, by category.',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });
  private readonly reviewDecisions = new Counter({
    name: 'sm_review_decisions_total',
    help: 'Analyst decisions on review items, by action.',
    labelNames: ['action'] as const,
    registers: [this.registry],
  });
  private readonly deliveries = new Counter({
    name: 'sm_deliveries_total',
    help: 'Digests and alerts handed to the mail transport (sent) or given up on for this attempt (failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly scheduleTicks = new Counter({
    name: 'sm_schedule_ticks_total',
    help: 'Scheduler ticks, by schedule: acted (this process took the slot) or skipped (another process had it).',
    labelNames: ['schedule', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly jobs = new Counter({
    name: 'sm_jobs_total',
    help: 'Jobs this process ran to an end, by queue and outcome (completed, failed: a failed attempt may be retried).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly jobSeconds = new Histogram({
    name: 'sm_job_seconds',
    help: 'Time a job ran in this process, by queue.',
    labelNames: ['queue'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 30, 60, 300],
    registers: [this.registry],
  });

  constructor() {
    // Memory, CPU, event-loop lag and handles, under their usual names (process_*, nodejs_*) so stock Node.js dashboards work.
    collectDefaultMetrics({ register: this.registry });
  }

  /** One poll's outcome; `fetchErrorKind` names why it failed. */
  polled(result: PollCounts, fetchErrorKind?: string): void {
    if (result.error !== undefined) {
      this.polls.inc({ outcome: 'failed' });
      this.fetchErrors.inc({ kind: fetchErrorKind ?? 'other' });
      return;
    }
    this.polls.inc({ outcome: result.notModified ? 'not_modified' : 'ok' });
    this.articles.inc({ outcome: 'new' }, result.newArticleIds.length);
    this.articles.inc({ outcome: 'updated' }, result.updatedArticleIds.length);
    this.articles.inc({ outcome: 'duplicate' }, result.duplicates);
    this.articles.inc({ outcome: 'failed' }, result.failed.length);
  }

  /** Starts timing a classification; call the returned function with the categories of the matches stored. */
  startClassification(): (categories: readonly string[]) => void {
    const end = this.classifications.startTimer();
    return (categories) => {
      end();
      for (const category of categories) this.matches.inc({ category });
    };
  }

  /** An analyst's decision on a review item (the review state machine's action: confirm, dismiss, escalate...). */
  reviewDecision(action: string): void {
    this.reviewDecisions.inc({ action });
  }

  /** A digest handed to the mail transport (SMTP accepted it, or the outbox file was written). */
  digestSent(): void {
    this.deliveries.inc({ kind: 'digest', outcome: 'sent' });
  }

  /** A digest send attempt that failed (it may be retried: each failed attempt counts). */
  digestFailed(): void {
    this.deliveries.inc({ kind: 'digest', outcome: 'failed' });
  }

  alertSent(): void {
    this.deliveries.inc({ kind: 'alert', outcome: 'sent' });
  }

  alertFailed(): void {
    this.deliveries.inc({ kind: 'alert', outcome: 'failed' });
  }

  scheduleTick(schedule: string, acted: boolean): void {
    this.scheduleTicks.inc({ schedule, outcome: acted ? 'acted' : 'skipped' });
  }

  /** Starts timing a job; call the returned function with how it ended. */
  startJob(queue: string): (outcome: 'completed' | 'failed') => void {
    const end = this.jobSeconds.startTimer({ queue });
    return (outcome) => {
      end();
      this.jobs.inc({ queue, outcome });
    };
  }

  /** The text exposition format Prometheus scrapes. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
