import { Roles } from '@app/auth';
import { ReviewService, ReviewUpkeepService } from '@app/review';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from './actor.decorator';
import {
  AssignDto,
  BulkDismissDto,
  ConfirmDto,
  DismissDto,
  EscalateDto,
  NoteDto,
  assignSchema,
  bulkDismissSchema,
  confirmSchema,
  dismissSchema,
  escalateSchema,
  noteSchema,
  parseBody,
  parseListQuery,
} from './review-item.dto';

const LIST_FILTERS = ['state', 'category', 'severity', 'source', 'place', 'assignee', 'rule', 'overdue', 'from', 'to', 'q', 'sort', 'cursor', 'limit'];

@ApiTags('review')
@Controller('review-items')
export class ReviewItemsController {
  constructor(
    private readonly review: ReviewService,
    private readonly upkeep: ReviewUpkeepService,
  ) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Review items with filters, in queue order by default; follow nextCursor for the next page' })
  @ApiQuery({ name: 'state', required: false, description: 'Comma-separated: open, new, in_review, confirmed, dismissed, escalated' })
  @ApiQuery({ name: 'category', required: false })
  @ApiQuery({ name: 'severity', required: false, description: 'Comma-separated severities' })
  @ApiQuery({ name: 'source', required: false, description: 'Source id' })
  @ApiQuery({ name: 'place', required: false, description: 'Country code (RU) or place name (Vladivostok)' })
  @ApiQuery({ name: 'assignee', required: false, description: 'Analyst name, or "none"' })
  @ApiQuery({ name: 'rule', required: false, description: 'Rule id' })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'from', required: false, description: 'Opened at or after (ISO 8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'Opened before (ISO 8601)' })
  @ApiQuery({ name: 'q', required: false, description: 'Words in an article of the item' })
  @ApiQuery({ name: 'sort', required: false, enum: ['priority', 'newest', 'oldest', 'due', 'activity'] })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200, default 50' })
  list(@Query() query: Record<string, string | undefined>) {
    const filters = Object.fromEntries(LIST_FILTERS.map((k) => [k, typeof query[k] === 'string' ? query[k] : undefined]));
    return this.review.list(parseListQuery(filters));
  }

  @Get('stats')
  @Roles('viewer')
  @ApiOperation({ summary: 'Counts by state, open items by category and severity, the oldest open item, decisions per analyst' })
  stats() {
    return this.review.stats();
  }

  @Post('next')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the next item in priority order (the claim); 204 when the queue is empty. One held item per analyst.' })
  @ApiResponse({ status: 204, description: 'Nothing to review' })
  async next(@Actor() actor: string, @Res({ passthrough: true }) res: Response) {
    const item = await this.review.takeNext(actor);
    if (!item) res.status(204);
    return item ?? undefined;
  }

  @Post('reconcile')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put open items without a job back on the queue, remove jobs of closed items (runs by itself every few minutes)' })
  reconcile() {
    return this.upkeep.reconcile();
  }

  @Post('bulk-dismiss')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss several items with one reason; each item reports dismissed, unchanged, conflict or not-found' })
  @ApiBody({ type: BulkDismissDto })
  async bulkDismiss(@Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(bulkDismissSchema, body);
    return { results: await this.review.bulkDismiss(b.ids, actor, b.reason, b.note) };
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One item: its articles with matches (evidence) and facts, and its history' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.review.get(id);
  }

  @Get(':id/history')
  @Roles('viewer')
  @ApiOperation({ summary: "The item's audit events, oldest first" })
  history(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.review.history(id);
  }

  @Post(':id/renew')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Keep your claim for another idle period' })
  renew(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string) {
    return this.review.renew(id, actor);
  }

  @Post(':id/release')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the item back to the queue unchanged' })
  release(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string) {
    return this.review.release(id, actor);
  }

  @Post(':id/confirm')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm with a disposition (reportable or monitor)' })
  @ApiBody({ type: ConfirmDto })
  confirm(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(confirmSchema, body);
    return this.review.act(id, actor, { type: 'confirm', disposition: b.disposition, note: b.note }, b.version);
  }

  @Post(':id/dismiss')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss with a reason, optionally naming the term or source that misled the rule' })
  @ApiBody({ type: DismissDto })
  dismiss(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(dismissSchema, body);
    return this.review.act(
      id,
      actor,
      { type: 'dismiss', reason: b.reason, note: b.note, misleadingTerm: b.misleadingTerm, misleadingSourceId: b.misleadingSourceId },
      b.version,
    );
  }

  @Post(':id/escalate')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Escalate: the item goes to the head of the queue and subscribers with immediate alerts are told' })
  @ApiBody({ type: EscalateDto })
  escalate(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(escalateSchema, body);
    return this.review.act(id, actor, { type: 'escalate', note: b.note }, b.version);
  }

  @Post(':id/reopen')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a decided or escalated item: it goes back to the queue as new' })
  @ApiBody({ type: EscalateDto })
  reopen(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(escalateSchema, body);
    return this.review.act(id, actor, { type: 'reopen', note: b.note }, b.version);
  }

  @Post(':id/assign')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign or reassign the item to an analyst (null to unassign)' })
  @ApiBody({ type: AssignDto })
  assign(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(assignSchema, body);
    return this.review.act(id, actor, { type: 'assign', assignee: b.assignee, note: b.note }, b.version);
  }

  @Post(':id/notes')
  @Roles('analyst')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a note (kept in the history; changes no state)' })
  @ApiBody({ type: NoteDto })
  note(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: string, @Body() body: unknown) {
    const b = parseBody(noteSchema, body);
    return this.review.act(id, actor, { type: 'note', note: b.note });
  }
}
