import { Roles, roleAllows } from '@app/auth';
import { Source } from '@app/database';
import { SourcesService } from '@app/ingest';
import { Controller, Get, Header, Param, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { fmtDate, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

const KINDS = ['rss', 'atom', 'rdf', 'json', 'html'];

function health(s: Source): { label: string; cls: string } {
  if (!s.enabled) return { label: 'paused', cls: 'paused' };
  if (s.consecutiveFailures) return { label: `failing ×${s.consecutiveFailures}`, cls: 'failing' };
  return s.lastSuccessAt ? { label: 'ok', cls: 'ok' } : { label: 'not polled yet', cls: 'idle' };
}

function sourceForm(s: Source | null) {
  const sel = (s?.selectors ?? {}) as Record<string, string>;
  return html`<form class="editor" data-api="${s ? `/sources/${s.id}` : '/sources'}" data-method="${s ? 'PATCH' : 'POST'}" data-then="${s ? 'reload' : '/app/sources'}">
  <label>Name <input name="name" required value="${s?.name ?? ''}"></label>
  <label>Address <input name="url" type="url" required value="${s?.url ?? ''}"></label>
  <label>Kind <select name="kind">${KINDS.map((k) => html`<option ${k === (s?.kind ?? 'rss') ? 'selected' : ''}>${k}</option>`)}</select></label>
  <label>Poll every (minutes) <input name="pollIntervalMinutes" type="number" data-type="number" min="1" value="${s?.pollIntervalMinutes ?? 60}"></label>
  <label>Language <input name="language" value="${s?.language ?? ''}" placeholder="en"></label>
  <fieldset><legend>HTML listing selectors (html sources only)</legend>
    <label>Item <input name="selectors.item" value="${sel.item ?? ''}"></label>
    <label>Link <input name="selectors.link" value="${sel.link ?? ''}"></label>
  </fieldset>
  <button type="submit">${s ? 'Save' : 'Add source'}</button>
</form>`;
}

@ApiExcludeController()
@Controller('app/sources')
@UseFilters(PageExceptionFilter)
export class SourcesPageController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async list(@Req() req: Request): Promise<string> {
    const admin = roleAllows(req.user!.role, ['admin']);
    const sources = await this.sources.list();
    const rows = sources.map((s) => {
      const h = health(s);
      return html`<tr data-source-id="${s.id}">
  <td><a href="/app/sources/${s.id}">${s.name}</a><br><small>${s.url}</small></td>
  <td><span class="badge ${h.cls}">${h.label}</span>${s.lastError ? html`<br><small class="error">${s.lastError}</small>` : ''}${
    s.entryRetryPolls ? html`<br><small>entries failed at the last ${s.entryRetryPolls} poll(s): the whole feed is fetched again to retry them</small>` : ''
  }</td>
  <td>${fmtDate(s.lastSuccessAt)}</td><td>${s.consecutiveFailures}</td><td>${s.itemsSeen}</td><td>${fmtDate(s.nextPollAt)}</td>
  <td>${admin
    ? html`<button data-action="/sources/${s.id}" data-method="PATCH" data-body="${JSON.stringify({ enabled: !s.enabled })}" data-then="reload">${s.enabled ? 'Pause' : 'Resume'}</button>
      <button data-action="/sources/${s.id}/poll" data-method="POST" data-then="message" data-message="Poll queued">Poll now</button>`
    : ''}</td></tr>`;
    });
    const body = html`<table class="list"><thead><tr><th>Source</th><th>Health</th><th>Last success</th><th>Failures</th><th>Items</th><th>Next poll</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>
${sources.length ? '' : html`<p>No sources yet.</p>`}
${admin ? html`<h2>Add a source</h2>${sourceForm(null)}` : ''}`;
    return layout(pageContext(req), 'Sources', body, { pageId: 'sources' });
  }

  @Get(':id')
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async edit(@Req() req: Request, @Param('id') id: string): Promise<string> {
    const s = await this.sources.get(id);
    const admin = roleAllows(req.user!.role, ['admin']);
    const h = health(s);
    const body = html`<p><span class="badge ${h.cls}">${h.label}</span> last attempt ${fmtDate(s.lastAttemptAt)}, last success ${fmtDate(s.lastSuccessAt)}, HTTP ${s.lastStatus ?? '-'}, ${s.itemsSeen} items seen</p>
${s.lastError ? html`<p class="error">${s.lastError}</p>` : ''}
${admin ? sourceForm(s) : html`<p>${s.url}</p>`}`;
    return layout(pageContext(req), s.name, body, { pageId: 'source' });
  }
}
