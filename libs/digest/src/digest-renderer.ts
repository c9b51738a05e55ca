import { CoverageView, DigestItemView, DigestView, EvidenceView, RenderedDigest } from './digest-view';

export const CATEGORY_LABELS: Record<string, string> = {
  'worker-overstay': 'Workers kept abroad (overstays)',
  'visa-workaround': 'Visa workarounds',
  'loyalty-payment': 'Loyalty payments and wage quotas',
  'repatriation-enforcement': 'Repatriation enforcement',
  'it-workers-cyber': 'IT workers and cyber revenue',
};

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];
const SEVERITY_COLOUR: Record<string, string> = { critical: '#8b0000', high: '#c0392b', medium: '#b9770e', low: '#5d6d7e' };

/** Everything from a feed goes through here before it touches HTML: markup in an article never becomes markup in an email. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only http(s) links survive; anything else (javascript:, data:) becomes plain text. */
function safeHref(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function primaryCategory(item: DigestItemView): string {
  const top = [...item.matches].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.score - a.score)[0];
  return top?.category ?? item.categories[0] ?? 'uncategorised';
}

/** Items grouped by their strongest match's category, most severe first within a group. */
export function groupItems(items: DigestItemView[]): { category: string; items: DigestItemView[] }[] {
  const groups = new Map<string, DigestItemView[]>();
  for (const item of items) {
    const c = primaryCategory(item);
    groups.set(c, [...(groups.get(c) ?? []), item]);
  }
  const order = Object.keys(CATEGORY_LABELS);
  return [...groups.entries()]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([category, list]) => ({
      category,
      items: list.sort(
        (a, b) =>
          SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
          (b.published?.getTime() ?? 0) - (a.published?.getTime() ?? 0),
      ),
    }));
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'date unknown');
const stamp = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export function renderDigest(view: DigestView): RenderedDigest {
  const groups = groupItems(view.items);
  const counts = groups.map((g) => `${g.items.length} ${CATEGORY_LABELS[g.category] ?? g.category}`);
  const subject = view.items.length
    ? `[Sanctions Monitor] ${view.subscriptionName}: ${view.items.length} new item${view.items.length === 1 ? '' : 's'} (${groups.map((g) => `${g.category} ${g.items.length}`).join(', ')})`
    : `[Sanctions Monitor] ${view.subscriptionName}: no new items`;
  return { subject, html: renderHtml(view, groups, counts), text: renderText(view, groups, counts) };
}

function renderHtml(view: DigestView, groups: ReturnType<typeof groupItems>, counts: string[]): string {
  const e = escapeHtml;
  const period = `${view.periodStart ? stamp(view.periodStart) : 'the start of monitoring'} to ${stamp(view.periodEnd)}`;
  const evidence = (ev: EvidenceView) =>
    `<div style="margin:4px 0 4px 12px;color:#333;font-size:13px">&hellip;${e(ev.before)}<mark style="background:#fff2a8;font-weight:bold">${e(ev.hit)}</mark>${e(ev.after)}&hellip;</div>`;
  const item = (it: DigestItemView) => {
    const href = safeHref(it.url);
    const title = href ? `<a href="${e(href)}" style="color:#1a4b8c;text-decoration:none">${e(it.title)}</a>` : e(it.title);
    const colour = SEVERITY_COLOUR[it.severity] ?? '#333';
    return `<tr><td style="padding:12px 0;border-bottom:1px solid #ddd">
<div style="font-size:16px;font-weight:bold">${title}</div>
<div style="font-size:12px;color:#666;margin:2px 0 6px">${e(it.outlet)} &middot; ${e(day(it.published))} &middot; <span style="color:${colour};font-weight:bold;text-transform:uppercase">${e(it.severity)}</span> &middot; ${e(it.state)}</div>
${it.matches.map((m) => `<div style="font-size:13px"><b>${e(m.ruleName)}</b> <span style="color:#666">(${e(m.category)}, score ${m.score})</span></div>${m.evidence.slice(0, 3).map(evidence).join('')}`).join('\n')}
${it.facts.length ? `<div style="font-size:12px;color:#444;margin-top:6px">${it.facts.map(e).join('<br>')}</div>` : ''}
<div style="font-size:12px;margin-top:6px"><a href="${e(it.link)}" style="color:#1a4b8c">Open in Sanctions Monitor</a></div>
</td></tr>`;
  };
  const coverage = (c: CoverageView) =>
    `<p style="font-size:12px;color:#555">Coverage: ${c.sourcesPolled} source${c.sourcesPolled === 1 ? '' : 's'} polled, ${c.articlesRead} article${c.articlesRead === 1 ? '' : 's'} read.${
      c.failingSources.length
        ? ` Failing: ${c.failingSources.map((f) => `${e(f.name)} (since ${e(f.since ? stamp(f.since) : 'unknown')}: ${e(f.error)})`).join('; ')}.`
        : ' No source failing.'
    }</p>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(view.subscriptionName)}</title></head>
<body style="margin:0;padding:16px;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:720px;margin:0 auto;background:#fff;padding:16px">
<tr><td><h1 style="font-size:20px;margin:0 0 4px">Sanctions Monitor: ${e(view.subscriptionName)}</h1>
<p style="font-size:13px;color:#555;margin:0 0 8px">${e(period)}</p>
<p style="font-size:14px;margin:0 0 8px">${view.items.length ? e(counts.join(' · ')) : 'No new items matched your filters in this period.'}</p>
${coverage(view.coverage)}</td></tr>
${groups
  .map(
    (g) => `<tr><td><h2 style="font-size:17px;margin:18px 0 0;border-bottom:2px solid #1a4b8c">${e(CATEGORY_LABELS[g.category] ?? g.category)} (${g.items.length})</h2></td></tr>
${g.items.map(item).join('\n')}`,
  )
  .join('\n')}
</table></body></html>
`;
}

function renderText(view: DigestView, groups: ReturnType<typeof groupItems>, counts: string[]): string {
  const lines: string[] = [];
  lines.push(`Sanctions Monitor: ${view.subscriptionName}`);
  lines.push(`${view.periodStart ? stamp(view.periodStart) : 'the start of monitoring'} to ${stamp(view.periodEnd)}`);
  lines.push(view.items.length ? counts.join(' | ') : 'No new items matched your filters in this period.');
  const c = view.coverage;
  lines.push(`Coverage: ${c.sourcesPolled} sources polled, ${c.articlesRead} articles read.${c.failingSources.length ? ` Failing: ${c.failingSources.map((f) => `${f.name} (${f.error})`).join('; ')}.` : ' No source failing.'}`);
  for (const g of groups) {
    lines.push('', `== ${CATEGORY_LABELS[g.category] ?? g.category} (${g.items.length}) ==`);
    for (const it of g.items) {
      lines.push('', `* ${it.title}`, `  ${it.outlet} | ${day(it.published)} | ${it.severity.toUpperCase()} | ${it.state}`, `  ${it.url}`);
      for (const m of it.matches) {
        lines.push(`  - ${m.ruleName} (${m.category}, score ${m.score})`);
        for (const ev of m.evidence.slice(0, 3)) lines.push(`      "...${ev.before}[${ev.hit}]${ev.after}..."`);
      }
      for (const f of it.facts) lines.push(`  ${f}`);
      lines.push(`  Open: ${it.link}`);
    }
  }
  return lines.join('\n') + '\n';
}
