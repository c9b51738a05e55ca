import { Roles } from '@app/auth';
import { PrismaService } from '@app/database';
import { ReviewService } from '@app/review';
import { CATEGORIES } from '@app/rules';
import { Controller, Get, Header, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { SafeHtml, fmtDate, html } from './html';
import { layout, pageContext } from './layout';
import { PageExceptionFilter } from './page-exception.filter';

const DAYS = 30;

/** Stacked bars of matches per category per day, as SVG drawn here: no chart library, nothing for the CSP to allow. */
function chart(rows: { day: Date; category: string; n: number }[], today: Date): SafeHtml {
  const days = Array.from({ length: DAYS }, (_, i) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (DAYS - 1 - i))));
  const byDay = new Map(days.map((d) => [d.toISOString().slice(0, 10), new Map<string, number>()]));
  for (const r of rows) byDay.get(r.day.toISOString().slice(0, 10))?.set(r.category, r.n);
  const max = Math.max(1, ...[...byDay.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
  const W = 20;
  const H = 160;
  const bars = days.map((d, i) => {
    let y = H;
    const m = byDay.get(d.toISOString().slice(0, 10))!;
    return CATEGORIES.map((c, ci) => {
      const n = m.get(c) ?? 0;
      if (!n) return '';
      const h = (n / max) * (H - 10);
      y -= h;
      return html`<rect class="c${ci}" x="${i * W + 2}" y="${y.toFixed(1)}" width="${W - 4}" height="${h.toFixed(1)}"><title>${d.toISOString().slice(0, 10)}: ${c} ${n}</title></rect>`;
    });
  });
  const legend = CATEGORIES.map((c, ci) => html`<li><span class="swatch c${ci}"></span>${c}</li>`);
  return html`<figure class="chart">
<svg viewBox="0 0 ${DAYS * W} ${H + 16}" role="img" aria-label="Matches per category per day, last ${DAYS} days">
<line class="axis" x1="0" y1="${H}" x2="${DAYS * W}" y2="${H}"></line>${bars}
<text x="0" y="${H + 14}">${days[0].toISOString().slice(0, 10)}</text><text x="${DAYS * W}" y="${H + 14}" text-anchor="end">${days[DAYS - 1].toISOString().slice(0, 10)}</text>
<text x="2" y="10">max ${max}/day</text>
</svg>
<figcaption><ul class="legend">${legend}</ul></figcaption></figure>`;
}

@ApiExcludeController()
@Controller('app')
@UseFilters(PageExceptionFilter)
export class DashboardPageController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly review: ReviewService,
  ) {}

  @Get()
  @Roles('viewer')
  @Header('content-type', 'text/html; charset=utf-8')
  async dashboard(@Req() req: Request): Promise<string> {
    const now = new Date();
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (DAYS - 1)));
    const [rows, stats, failing] = await Promise.all([
      this.prisma.$queryRaw<{ day: Date; category: string; n: number }[]>`
        SELECT date_trunc('day', "createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, category, count(*)::int AS n
        FROM "Match" WHERE "createdAt" >= ${since} GROUP BY 1, 2`,
      this.review.stats(),
      this.prisma.source.findMany({ where: { consecutiveFailures: { gt: 0 } }, orderBy: { consecutiveFailures: 'desc' } }),
    ]);
    const sev = (['critical', 'high', 'medium', 'low'] as const).map((s) => html`<li class="sev-${s}"><a href="/app/queue?severity=${s}">${s}: <strong>${stats.openBySeverity[s] ?? 0}</strong></a></li>`);
    const body = html`
<section class="cards">
  <article class="card"><h2>Open items by severity</h2><ul class="counts" id="open-by-severity">${sev}</ul><p>${stats.overdue} overdue</p></article>
  <article class="card"><h2>Oldest open item</h2>${stats.oldestOpen
    ? html`<p id="oldest-open"><a href="/app/items/${stats.oldestOpen.id}">opened ${fmtDate(stats.oldestOpen.createdAt)}</a> (${Math.floor(stats.oldestOpen.ageMs / 3600_000)} h ago)</p>`
    : html`<p id="oldest-open">Nothing open.</p>`}</article>
  <article class="card"><h2>Sources failing</h2>${failing.length
    ? html`<ul id="failing-sources">${failing.map((s) => html`<li><a href="/app/sources/${s.id}">${s.name}</a>: ${s.consecutiveFailures} failure(s), ${s.lastError ?? ''}</li>`)}</ul>`
    : html`<p id="failing-sources">None.</p>`}</article>
</section>
<section><h2>Matches per category, last ${DAYS} days</h2>${chart(rows, now)}</section>`;
    return layout(pageContext(req), 'Dashboard', body, { pageId: 'dashboard' });
  }
}
