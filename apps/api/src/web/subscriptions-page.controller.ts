import { Roles, roleAllows } from '@app/auth';
import { DigestService, SubscriptionsService } from '@app/digest';
import { Controller, Get, Header, Param, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { fmtDate, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

@ApiExcludeController()
@Controller('app/subscriptions')
@UseFilters(PageExceptionFilter)
export class SubscriptionsPageController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly digests: DigestService,
  ) {}

  @Get()
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() req: Request): Promise<string> {
    const subs = await this.subscriptions.list();
    const rows = subs.map(
      (s) => html`<tr><td><a href="/app/subscriptions/${s.id}">${s.name}</a></td><td>${s.recipients.join(', ')}</td><td>${s.schedule} (${s.timezone})</td><td>${s.enabled ? 'on' : 'off'}</td><td>${s.immediateAlerts ? 'yes' : 'no'}</td></tr>`,
    );
    const body = html`<table class="list"><thead><tr><th>Subscription</th><th>Recipients</th><th>Schedule</th><th>Enabled</th><th>Immediate alerts</th></tr></thead><tbody>${rows}</tbody></table>${subs.length ? '' : html`<p>No subscriptions.</p>`}`;
    return layout(pageContext(req), 'Subscriptions', body, { pageId: 'subscriptions' });
  }

  @Get(':id')
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async one(@Req() req: Request, @Param('id') id: string): Promise<string> {
    const s = await this.subscriptions.get(id);
    const [preview, log] = await Promise.all([this.digests.preview(s.id), this.subscriptions.deliveries(s.id, 50)]);
    const admin = roleAllows(req.user!.role, ['admin']);
    const form = admin
      ? html`<form class="editor" data-api="/subscriptions/${s.id}" data-method="PATCH" data-then="reload">
  <label>Name <input name="name" value="${s.name}" required></label>
  <label>Recipients (comma-separated) <input name="recipients" data-type="list" value="${s.recipients.join(', ')}"></label>
  <label>Schedule (cron) <input name="schedule" value="${s.schedule}"></label>
  <label>Time zone <input name="timezone" value="${s.timezone}"></label>
  <label class="inline"><input type="checkbox" name="enabled" ${s.enabled ? 'checked' : ''}> Enabled</label>
  <label class="inline"><input type="checkbox" name="immediateAlerts" ${s.immediateAlerts ? 'checked' : ''}> Immediate alerts</label>
  <label class="inline"><input type="checkbox" name="sendEmpty" ${s.sendEmpty ? 'checked' : ''}> Send when empty</label>
  <button type="submit">Save</button></form>`
      : '';
    const rows = log.map(
      (d) => html`<tr><td>${d.kind}</td><td>${fmtDate(d.createdAt)}</td><td>${d.status}</td><td>${'attempts' in d ? String(d.attempts) : ''}</td><td>${'lastError' in d ? String(d.lastError ?? '') : ''}</td></tr>`,
    );
    const body = html`${form}
<h2>Next digest (preview)</h2>
<p id="preview-summary">${preview.itemCount} item(s) since ${fmtDate(preview.periodStart)}; ${preview.wouldSend ? 'would be sent' : 'would not be sent (nothing new)'} to ${preview.recipients.join(', ')}.</p>
<pre class="preview">${preview.text}</pre>
<h2>Delivery log</h2>
<table class="list"><thead><tr><th>Kind</th><th>Created</th><th>Status</th><th>Attempts</th><th>Error</th></tr></thead><tbody>${rows}</tbody></table>`;
    return layout(pageContext(req), s.name, body, { pageId: 'subscription' });
  }
}
