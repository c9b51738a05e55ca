import { Roles } from '@app/auth';
import { Prisma, PrismaService } from '@app/database';
import { Controller, Get, Header, Query, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { fmtDate, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

const PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function date(v: string | undefined): Date | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function short(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

@ApiExcludeController()
@Controller('app/audit')
@UseFilters(PageExceptionFilter)
export class AuditPageController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  @Roles('analyst')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() req: Request, @Query() q: Record<string, string | undefined>): Promise<string> {
    const f = { actor: q.actor?.trim() || undefined, action: q.action?.trim() || undefined, entityType: q.entityType?.trim() || undefined, entityId: q.entityId?.trim() || undefined, from: q.from, to: q.to };
    const where: Prisma.AuditEventWhereInput = {
      ...(f.actor ? { actor: f.actor } : {}),
      ...(f.action ? { action: { startsWith: f.action } } : {}),
      ...(f.entityType ? { entityType: f.entityType } : {}),
      ...(f.entityId ? { entityId: f.entityId } : {}),
      ...(date(f.from) || date(f.to) ? { at: { gte: date(f.from), lt: date(f.to) } } : {}),
    };
    // Event ids are UUIDv7 (time-ordered), so the id is the cursor.
    const cursor = q.cursor && UUID.test(q.cursor) ? q.cursor : undefined;
    const events = await this.prisma.auditEvent.findMany({ where: cursor ? { AND: [where, { id: { lt: cursor } }] } : where, orderBy: { id: 'desc' }, take: PAGE });
    const rows = events.map(
      (e) => html`<tr><td>${fmtDate(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.entityType}</td><td><small>${e.entityId}</small></td><td><small>${short(e.before)}</small></td><td><small>${short(e.after)}</small></td><td>${e.note ?? ''}</td></tr>`,
    );
    const input = (name: keyof typeof f, label: string, type = 'text') => html`<label>${label} <input name="${name}" type="${type}" value="${f[name] ?? ''}"></label>`;
    const next = events.length === PAGE ? new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v) as [string, string][]), cursor: events[events.length - 1].id }) : null;
    const body = html`<form class="filters" method="get">${input('actor', 'Who')}${input('action', 'Action')}${input('entityType', 'Entity type')}${input('entityId', 'Entity id')}${input('from', 'From', 'date')}${input('to', 'To', 'date')}<button type="submit">Filter</button></form>
<table class="list" id="audit"><thead><tr><th>When</th><th>Who</th><th>Action</th><th>Entity</th><th>Id</th><th>Before</th><th>After</th><th>Note</th></tr></thead><tbody>${rows}</tbody></table>
${events.length ? '' : html`<p>No events.</p>`}${next ? html`<p><a href="/app/audit?${next.toString()}">Older events</a></p>` : ''}`;
    return layout(pageContext(req), 'Audit log', body, { pageId: 'audit' });
  }
}
