import { Roles, roleAllows } from '@app/auth';
import { ReviewState, Severity } from '@app/database';
import { DISMISS_REASONS, REVIEW_SORTS, ReviewListQuery, ReviewService, ReviewSort, SEVERITIES } from '@app/review';
import { CATEGORIES } from '@app/rules';
import { Controller, Get, Header, Param, ParseUUIDPipe, Query, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { SafeHtml, fmtDate, highlight, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

const STATES = ['open', 'new', 'in_review', 'escalated', 'confirmed', 'dismissed'] as const;

function pick<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** The decision dialog the keyboard shortcuts open (c, d, e, n); also usable with the mouse. */
function decisionDialog(): SafeHtml {
  return html`<dialog id="decide">
<form method="dialog" id="decide-form">
  <h2 id="decide-title"></h2>
  <fieldset data-for="confirm"><legend>Disposition</legend>
    <label><input type="radio" name="disposition" value="reportable" checked> 1 reportable</label>
    <label><input type="radio" name="disposition" value="monitor"> 2 monitor</label></fieldset>
  <fieldset data-for="dismiss"><legend>Reason</legend>
    ${DISMISS_REASONS.map((r, i) => html`<label><input type="radio" name="reason" value="${r}" ${i === 0 ? new SafeHtml('checked') : ''}> ${i + 1} ${r.replace('_', ' ')}</label>`)}</fieldset>
  <label>Note <textarea name="note" rows="2"></textarea></label>
  <p class="hint">Digits choose, Enter saves, Esc cancels.</p>
  <button type="submit" value="ok">Save</button> <button type="button" data-close>Cancel</button>
</form>
</dialog>`;
}

@ApiExcludeController()
@Controller('app')
@UseFilters(PageExceptionFilter)
export class QueuePageController {
  constructor(private readonly review: ReviewService) {}

  @Get('queue')
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async queue(@Req() req: Request, @Query() q: Record<string, string | undefined>): Promise<string> {
    const state = pick(q.state, STATES) ?? 'open';
    const severity = pick(q.severity, SEVERITIES);
    const category = pick(q.category, CATEGORIES);
    const sort = pick(q.sort, REVIEW_SORTS as readonly ReviewSort[]) ?? 'priority';
    const query: ReviewListQuery = {
      states: [state as ReviewState | 'open'],
      severities: severity ? [severity as Severity] : undefined,
      category,
      q: q.q?.trim() || undefined,
      assignee: q.assignee?.trim() || undefined,
      sort,
      cursor: q.cursor,
      limit: 50,
    };
    const [page, stats] = await Promise.all([this.review.list(query), this.review.stats()]);
    const canAct = roleAllows(req.user!.role, ['analyst']);
    const opt = <T extends string>(values: readonly T[], current: string | undefined, any?: string) =>
      html`${any ? html`<option value="">${any}</option>` : ''}${values.map((v) => html`<option ${v === current ? new SafeHtml('selected') : ''}>${v}</option>`)}`;
    const counts = html`<ul class="counts" id="queue-counts">
  <li>open <strong>${(stats.byState.new ?? 0) + (stats.byState.in_review ?? 0) + (stats.byState.escalated ?? 0)}</strong></li>
  ${(['new', 'in_review', 'escalated', 'confirmed', 'dismissed'] as const).map((s) => html`<li>${s.replace('_', ' ')} <strong>${stats.byState[s] ?? 0}</strong></li>`)}
  <li>overdue <strong>${stats.overdue}</strong></li></ul>`;
    const rows = page.items.map(
      (i) => html`<tr data-item-id="${i.id}" data-version="${i.version}" tabindex="-1">
  <td><span class="badge sev-${i.severity}">${i.severity}</span></td>
  <td><a href="/app/items/${i.id}">${i.title ?? '(no title)'}</a><br><small>${i.sourceNames.join(', ')} · ${i.articleCount} article(s) · ${i.categories.join(', ')}</small></td>
  <td class="state">${i.state.replace('_', ' ')}${i.overdue ? html` <span class="badge failing">overdue</span>` : ''}</td>
  <td>${i.assignee ?? ''}${i.claimActive ? html`<br><small>held by ${i.claimedBy}</small>` : ''}</td>
  <td>${fmtDate(i.createdAt)}</td></tr>`,
    );
    const nextLink = page.nextCursor ? new URLSearchParams({ ...(Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'cursor' && v)) as Record<string, string>), cursor: page.nextCursor }) : null;
    const body = html`${counts}
<form class="filters" method="get">
  <label>State <select name="state">${opt(STATES, state)}</select></label>
  <label>Severity <select name="severity">${opt(SEVERITIES, severity, 'any')}</select></label>
  <label>Category <select name="category">${opt(CATEGORIES, category, 'any')}</select></label>
  <label>Assignee <input name="assignee" value="${q.assignee ?? ''}" placeholder="name or none"></label>
  <label>Words <input name="q" value="${q.q ?? ''}"></label>
  <label>Sort <select name="sort">${opt(REVIEW_SORTS, sort)}</select></label>
  <button type="submit">Filter</button>
</form>
${canAct ? html`<p><button id="take-next" data-action="/review-items/next" data-method="POST" data-then="item">Take next</button>
<span class="hint">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open, <kbd>c</kbd> confirm, <kbd>d</kbd> dismiss, <kbd>e</kbd> escalate, <kbd>n</kbd> note</span></p>` : ''}
<table class="list queue" id="queue" data-can-act="${canAct ? 'true' : 'false'}"><thead><tr><th>Severity</th><th>Story</th><th>State</th><th>Assignee</th><th>Opened</th></tr></thead><tbody>${rows}</tbody></table>
${page.items.length ? '' : html`<p>Nothing here.</p>`}${nextLink ? html`<p><a href="/app/queue?${nextLink.toString()}">More</a></p>` : ''}
${canAct ? decisionDialog() : ''}`;
    return layout(pageContext(req), 'Review queue', body, { pageId: 'queue' });
  }

  @Get('items/:id')
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async item(@Req() req: Request, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    const item = await this.review.get(id);
    const canAct = roleAllows(req.user!.role, ['analyst']);
    const articles = item.articles.map((a) => {
      const evidence = a.matches.flatMap((m) => (Array.isArray(m.evidence) ? (m.evidence as { field: string; start: number; end: number }[]) : []));
      const facts = a.facts && typeof a.facts === 'object' ? Object.entries(a.facts as Record<string, unknown[]>).filter(([, v]) => Array.isArray(v) && v.length) : [];
      return html`<article class="article" data-article-id="${a.id}">
<h2>${highlight(a.title, evidence.filter((e) => e.field === 'title'))}</h2>
<p><small><a href="${/^https?:\/\//i.test(a.url) ? a.url : '#'}" rel="noopener noreferrer nofollow" target="_blank">${a.source.name}</a> · published ${fmtDate(a.publishedAt)} · version ${a.version}</small></p>
<div class="text">${highlight(a.text, evidence.filter((e) => e.field === 'body'))}</div>
<h3>Matched rules</h3><ul>${a.matches.map((m) => html`<li><a href="/app/rules/${m.ruleId}/history">${m.ruleId}</a> v${m.ruleVersion} · ${m.category} · <span class="badge sev-${m.severity}">${m.severity}</span> · score ${m.score.toFixed(2)}</li>`)}</ul>
<h3>Facts</h3>${facts.length ? html`<dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v.map((x) => (x && typeof x === 'object' && 'text' in x ? String((x as { text: unknown }).text) : JSON.stringify(x))).join('; ')}</dd>`)}</dl>` : html`<p>None found.</p>`}
</article>`;
    });
    const history = item.history.map((h) => html`<li>${fmtDate(h.at)} <strong>${h.actor}</strong> ${h.action}${h.note ? html`: ${h.note}` : ''}</li>`);
    const decide = canAct
      ? html`<section class="decision" id="decision" data-item-id="${item.id}" data-version="${item.version}">
<h2>Decision</h2>
<button data-decide="confirm">Confirm (c)</button> <button data-decide="dismiss">Dismiss (d)</button> <button data-decide="escalate">Escalate (e)</button> <button data-decide="note">Note (n)</button>
${['confirmed', 'dismissed', 'escalated'].includes(item.state) ? html` <button data-decide="reopen">Reopen</button>` : ''}
</section>${decisionDialog()}`
      : '';
    const body = html`<p id="item-state" data-state="${item.state}"><span class="badge sev-${item.severity}">${item.severity}</span> ${item.state.replace('_', ' ')}${item.disposition ? ` (${item.disposition})` : ''}${item.dismissReason ? ` (${item.dismissReason})` : ''} · due ${fmtDate(item.dueAt)} · ${item.categories.join(', ')}${item.decidedBy ? ` · decided by ${item.decidedBy}` : ''}</p>
${decide}
${articles}
<section><h2>History</h2><ol class="history" id="history">${history}</ol></section>`;
    return layout(pageContext(req), item.title || 'Review item', body, { pageId: 'item' });
  }
}
