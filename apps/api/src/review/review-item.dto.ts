import { DISMISS_REASONS, DISPOSITIONS, REVIEW_SORTS, ReviewListQuery, ReviewValidationError } from '@app/review';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';

const version = z.number().int().positive().optional();
const note = z.string().max(4000).optional();

export const confirmSchema = z.object({ disposition: z.enum(DISPOSITIONS as ['reportable', 'monitor']), note, version }).strict();
export const dismissSchema = z
  .object({
    reason: z.enum(DISMISS_REASONS as ['off_topic', 'duplicate', 'outdated', 'wrong_sense']),
    note,
    misleadingTerm: z.string().trim().min(1).max(200).optional(),
    misleadingSourceId: z.uuid().optional(),
    version,
  })
  .strict();
export const escalateSchema = z.object({ note, version }).strict();
export const assignSchema = z.object({ assignee: z.string().min(1).max(100).nullable(), note, version }).strict();
export const noteSchema = z.object({ note: z.string().trim().min(1).max(4000) }).strict();
export const bulkDismissSchema = z
  .object({ ids: z.array(z.uuid()).min(1).max(500), reason: dismissSchema.shape.reason, note })
  .strict();

/** Parses a body or answers 400 naming the first problem. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ReviewValidationError(`${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
  }
  return r.data;
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
const date = (v: string | undefined, name: string) => {
  if (!v) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new ReviewValidationError(`${name} is not a date (use ISO 8601, e.g. 2026-11-01)`);
  return d;
};

export function parseListQuery(q: Record<string, string | undefined>): ReviewListQuery {
  const states = list(q.state);
  const allowedStates = ['open', 'new', 'in_review', 'confirmed', 'dismissed', 'escalated'];
  for (const s of states ?? []) if (!allowedStates.includes(s)) throw new ReviewValidationError(`state "${s}" is not one of ${allowedStates.join(', ')}`);
  const severities = list(q.severity);
  for (const s of severities ?? []) if (!['critical', 'high', 'medium', 'low'].includes(s)) throw new ReviewValidationError(`severity "${s}" is not one of critical, high, medium, low`);
  if (q.sort && !(REVIEW_SORTS as readonly string[]).includes(q.sort)) throw new ReviewValidationError(`sort is one of ${REVIEW_SORTS.join(', ')}`);
  if (q.source && !z.uuid().safeParse(q.source).success) throw new ReviewValidationError('source is a source id (uuid)');
  const limit = q.limit === undefined ? undefined : Number(q.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 200)) throw new ReviewValidationError('limit is 1 to 200');
  if (q.overdue !== undefined && !['true', 'false'].includes(q.overdue)) throw new ReviewValidationError('overdue is true or false');
  return {
    states: states as ReviewListQuery['states'],
    severities: severities as ReviewListQuery['severities'],
    category: q.category || undefined,
    ruleId: q.rule || undefined,
    sourceId: q.source || undefined,
    place: q.place || undefined,
    assignee: q.assignee || undefined,
    overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
    from: date(q.from, 'from'),
    to: date(q.to, 'to'),
    q: q.q || undefined,
    sort: q.sort as ReviewListQuery['sort'],
    cursor: q.cursor || undefined,
    limit,
  };
}

// OpenAPI documentation of the bodies (validation is the zod schemas above).
export class ConfirmDto {
  @ApiProperty({ enum: ['reportable', 'monitor'] }) disposition!: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ description: 'The version you saw; a changed item answers 409' }) version?: number;
}
export class DismissDto {
  @ApiProperty({ enum: ['off_topic', 'duplicate', 'outdated', 'wrong_sense'] }) reason!: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ description: 'The term that misled the rule: listed as a suggested exclusion for its author' }) misleadingTerm?: string;
  @ApiPropertyOptional({ description: 'The source that misled the rule' }) misleadingSourceId?: string;
  @ApiPropertyOptional() version?: number;
}
export class EscalateDto {
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional() version?: number;
}
export class AssignDto {
  @ApiProperty({ nullable: true, description: 'An analyst name, or null to unassign' }) assignee!: string | null;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional() version?: number;
}
export class NoteDto {
  @ApiProperty() note!: string;
}
export class BulkDismissDto {
  @ApiProperty({ type: [String] }) ids!: string[];
  @ApiProperty({ enum: ['off_topic', 'duplicate', 'outdated', 'wrong_sense'] }) reason!: string;
  @ApiPropertyOptional() note?: string;
}
