import { AlertView, CoverageView, DigestItemView, DigestView, EvidenceView, RenderedDigest } from './digest-view';

export const CATEGORY_LABELS: Record<string, string> = {
  'worker-overstay': 'Workers kept abroad (overstays)',
  'visa-workaround': 'Visa workarounds',
  'loyalty-payment': 'Loyalty payments and wage quotas',
  'repatriation-enforcement': 'Repatriation enforcement',
  'it-workers-cyber': 'IT workers and cyber revenue',
};

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];
const SEVERITY_COLOUR: Record<string, string> = { critical: '#8b0000', high: '#c0392b', medium: '#b9770e', low: '#5d6d7e' };

/**
 * Stands for the recipient's own unsubscribe address in a stored digest: the
 * digest is rendered once, and each recipient's copy gets its own signed link
 * at send time. It starts with '<', which escaped feed text can never contain,
 * so only the renderer's own occurrences are ever replaced in the HTML.
 */
export const UNSUBSCRIBE_PLACEHOLDER = '<!--unsubscribe-url-->';

/** Everything from a feed goes through here before it touches HTML: markup in an article never becomes markup in an email. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const entity = (c: string) => ENTITIES[c];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, entity);
}

/** Only http(s) links survive; anything else (javascript:, data:, vbscript:) becomes plain text. */
export function safeHref(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** Feed text on one line, without control characters (a subject or a header line). */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();

export function primaryCategory(item: Pick<DigestItemView, 'matches' | 'categories'>): string {
  const top = [...item.matches].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.score - a.score)[0];
  return top?.category ?? item.categories[0] ?? 'uncategorised';
}

/** Items grouped by their strongest match's category (categories in their fixed order), most severe first within a group. */
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
          (b.published?.getTime() ?? 0) - (a.published?.getTime() ?? 0) ||
          a.id.localeCompare(b.id),
      ),
    }));
}

/** Items per primary category: the figures of a digest's header, and of the next one's "change" column. */
export function countByCategory(items: Pick<DigestItemView, 'matches' | 'categories'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) {
    const c = primaryCategory(it);
    out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'date unknown');
const stamp = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const label = (c: string) => CATEGORY_LABELS[c] ?? c;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function change(now: number, before: number | undefined): string {
  if (before === undefined) return '';
  const d = now - before;
  return d === 0 ? ' (=)' : ` (${d > 0 ? '+' : ''}${d})`;
}

interface HeaderRow {
  category: string;
  count: number;
  change: string;
}

/** Per-category counts, with categories that had items last time and none now shown as 0, so a drop is visible. */
function headerRows(view: DigestView, groups: ReturnType<typeof groupItems>): HeaderRow[] {
  const prev = view.previousCounts ?? undefined;
  const rows = groups.map((g) => ({ category: g.category, count: g.items.length, change: prev ? change(g.items.length, prev[g.category] ?? 0) : '' }));
  for (const [c, n] of Object.entries(prev ?? {})) {
    if (n > 0 && !groups.some((g) => g.category === c)) rows.push({ category: c, count: 0, change: change(0, n) });
  }
  return rows;
}

function totalLine(view: DigestView): string {
  const prev = view.previousCounts;
  const now = view.items.length ? `${plural(view.items.length, 'new item')}.` : 'No new items matched your filters in this period.';
  return prev ? `${now} Previous digest: ${plural(Object.values(prev).reduce((a, b) => a + b, 0), 'item')}.` : now;
}

function periodLine(view: DigestView): string {
  return `${view.periodStart ? stamp(view.periodStart) : 'the start of monitoring'} to ${stamp(view.periodEnd)}`;
}

/** `exact` keeps the plain-text wording scripts already grep for ("1 sources polled"). */
function coverageText(c: CoverageView, exact = false): string {
  const n = (k: number, word: string) => (exact ? `${k} ${word}s` : plural(k, word));
  const failing = c.failingSources.length
    ? ` Failing: ${c.failingSources.map((f) => `${oneLine(f.name)} (${f.since ? `no success since ${stamp(f.since)}` : 'never succeeded'}: ${oneLine(f.error)})`).join('; ')}.`
    : ' No source failing.';
  return `Coverage: ${n(c.sourcesPolled, 'source')} polled, ${n(c.articlesRead, 'article')} read.${failing}`;
}

export function renderDigest(view: DigestView): RenderedDigest {
  const groups = groupItems(view.items);
  const name = oneLine(view.subscriptionName);
  const subject = view.items.length
    ? `[Sanctions Monitor] ${name}: ${plural(view.items.length, 'new item')} (${groups.map((g) => `${g.category} ${g.items.length}`).join(', ')})`
    : `[Sanctions Monitor] ${name}: no new items`;
  const rows = headerRows(view, groups);
  return { subject, html: renderHtml(view, groups, rows), text: renderText(view, groups, rows) };
}

const e = escapeHtml;

function evidenceHtml(ev: EvidenceView): string {
  return `<div style="margin:4px 0 4px 12px;color:#333333;font-size:13px;line-height:1.4">&hellip;${e(ev.before)}<mark style="background:#fff2a8;font-weight:bold">${e(ev.hit)}</mark>${e(ev.after)}&hellip;</div>`;
}

/**
 * An item renders the same in every digest that carries it: views are shared
 * objects that are never modified (see ItemViewService), so each one's HTML and
 * text are kept while the view lives. A morning's digests then render their
 * items once between them, not once per subscription.
 */
const renderedHtml = new WeakMap<DigestItemView, string>();
const renderedText = new WeakMap<DigestItemView, string[]>();

function itemHtml(it: DigestItemView): string {
  let html = renderedHtml.get(it);
  if (html === undefined) renderedHtml.set(it, (html = renderItemHtml(it)));
  return html;
}

function renderItemHtml(it: DigestItemView): string {
  const href = safeHref(it.url);
  const title = href ? `<a href="${e(href)}" style="color:#1a4b8c;text-decoration:none">${e(it.title)}</a>` : e(it.title);
  const colour = SEVERITY_COLOUR[it.severity] ?? '#333333';
  const link = safeHref(it.link);
  const decision = it.decision
    ? `<div style="font-size:12px;margin-top:6px;padding:6px;background:#eef3f8">Analyst: <b>${e(it.decision.label)}</b>${it.decision.by ? ` by ${e(it.decision.by)}` : ''}${it.decision.at ? ` on ${e(day(it.decision.at))}` : ''}${it.decision.note ? `<br>${e(it.decision.note)}` : ''}</div>`
    : '';
  return `<tr><td style="padding:12px 0;border-bottom:1px solid #dddddd">
<div style="font-size:16px;font-weight:bold">${title}</div>
<div style="font-size:12px;color:#666666;margin:2px 0 6px">${e(it.outlets.join(', '))} &middot; ${e(day(it.published))} &middot; <span style="color:${colour};font-weight:bold;text-transform:uppercase">${e(it.severity)}</span> &middot; ${e(it.state.replace('_', ' '))}</div>
${it.matches.map((m) => `<div style="font-size:13px"><b>${e(m.ruleName)}</b> <span style="color:#666666">(${e(m.category)}, score ${m.score})</span></div>${m.evidence.slice(0, 3).map(evidenceHtml).join('')}`).join('\n')}
${it.facts.length ? `<div style="font-size:12px;color:#444444;margin-top:6px">${it.facts.map(e).join('<br>')}</div>` : ''}
${decision}
${link ? `<div style="font-size:12px;margin-top:6px"><a href="${e(link)}" style="color:#1a4b8c">Open in Sanctions Monitor</a></div>` : ''}
</td></tr>`;
}

function page(title: string, body: string): string {
  // Tables and inline styles only: what Outlook, Gmail and Apple Mail all render; no scripts, no remote images or fonts.
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(title)}</title></head>
<body style="margin:0;padding:16px;background:#f5f5f5;font-family:Arial,Helvetica,sans-serif;color:#222222">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:720px;margin:0 auto;background:#ffffff;padding:16px">
${body}
<tr><td style="padding-top:16px;font-size:11px;color:#888888">You receive this because you are a recipient of this Sanctions Monitor subscription. <a href="${UNSUBSCRIBE_PLACEHOLDER}" style="color:#888888">Unsubscribe</a></td></tr>
</table></body></html>
`;
}

function renderHtml(view: DigestView, groups: ReturnType<typeof groupItems>, rows: HeaderRow[]): string {
  const counts = rows.length
    ? `<table role="presentation" cellpadding="0" cellspacing="0" style="font-size:13px;margin:0 0 8px">${rows
        .map((r) => `<tr><td style="padding:1px 12px 1px 0">${e(label(r.category))}</td><td style="padding:1px 6px;text-align:right;font-weight:bold">${r.count}</td><td style="padding:1px 0;color:#666666">${e(r.change.trim())}</td></tr>`)
        .join('')}</table>`
    : '';
  const c = view.coverage;
  const coverage = `<p style="font-size:12px;color:#555555;margin:0 0 8px">${e(coverageText(c))}</p>`;
  const body = `<tr><td><h1 style="font-size:20px;margin:0 0 4px">Sanctions Monitor: ${e(view.subscriptionName)}</h1>
<p style="font-size:13px;color:#555555;margin:0 0 8px">${e(periodLine(view))}</p>
<p style="font-size:14px;margin:0 0 8px">${e(totalLine(view))}</p>
${counts}
${coverage}</td></tr>
${groups
  .map(
    (g) => `<tr><td><h2 style="font-size:17px;margin:18px 0 0;border-bottom:2px solid #1a4b8c">${e(label(g.category))} (${g.items.length})</h2></td></tr>
${g.items.map(itemHtml).join('\n')}`,
  )
  .join('\n')}`;
  return page(view.subscriptionName, body);
}

function itemText(it: DigestItemView, lines: string[]): void {
  let own = renderedText.get(it);
  if (own === undefined) {
    renderItemText(it, (own = []));
    renderedText.set(it, own);
  }
  for (const line of own) lines.push(line);
}

function renderItemText(it: DigestItemView, lines: string[]): void {
  lines.push('', `* ${oneLine(it.title)}`, `  ${it.outlets.map(oneLine).join(', ')} | ${day(it.published)} | ${it.severity.toUpperCase()} | ${it.state.replace('_', ' ')}`, `  ${oneLine(it.url)}`);
  for (const m of it.matches) {
    lines.push(`  - ${m.ruleName} (${m.category}, score ${m.score})`);
    for (const ev of m.evidence.slice(0, 3)) lines.push(`      "...${oneLine(ev.before)}${/\s$/.test(ev.before) ? ' ' : ''}[${oneLine(ev.hit)}]${/^\s/.test(ev.after) ? ' ' : ''}${oneLine(ev.after)}..."`);
  }
  for (const f of it.facts) lines.push(`  ${f}`);
  if (it.decision) {
    lines.push(`  Analyst: ${it.decision.label}${it.decision.by ? ` by ${it.decision.by}` : ''}${it.decision.at ? ` on ${day(it.decision.at)}` : ''}`);
    if (it.decision.note) lines.push(`  Note: ${oneLine(it.decision.note)}`);
  }
  lines.push(`  Open: ${it.link}`);
}

function footerText(lines: string[]): void {
  lines.push('', '--', `Unsubscribe: ${UNSUBSCRIBE_PLACEHOLDER}`);
}

function renderText(view: DigestView, groups: ReturnType<typeof groupItems>, rows: HeaderRow[]): string {
  const lines: string[] = [];
  lines.push(`Sanctions Monitor: ${oneLine(view.subscriptionName)}`);
  lines.push(periodLine(view));
  lines.push(totalLine(view));
  for (const r of rows) lines.push(`  ${label(r.category)}: ${r.count}${r.change}`);
  lines.push(coverageText(view.coverage, true));
  for (const g of groups) {
    lines.push('', `== ${label(g.category)} (${g.items.length}) ==`);
    for (const it of g.items) itemText(it, lines);
  }
  footerText(lines);
  return lines.join('\n') + '\n';
}

/** An immediate alert: one item, sent as soon as it opens as critical or is escalated. */
export function renderAlert(view: AlertView): RenderedDigest {
  const it = view.item;
  const why = view.reason === 'critical' ? 'Critical item' : 'Escalated item';
  const subject = `[Sanctions Monitor] ${why}: ${oneLine(it.title)}`.slice(0, 240);
  const html = page(
    view.subscriptionName,
    `<tr><td><h1 style="font-size:18px;margin:0 0 4px;color:${SEVERITY_COLOUR.critical}">${e(why)}</h1>
<p style="font-size:13px;color:#555555;margin:0 0 8px">Immediate alert for ${e(view.subscriptionName)}: ${e(label(primaryCategory(it)))}</p></td></tr>
${itemHtml(it)}`,
  );
  const lines = [`${why}: immediate alert for ${oneLine(view.subscriptionName)}`, label(primaryCategory(it))];
  itemText(it, lines);
  footerText(lines);
  return { subject, html, text: lines.join('\n') + '\n' };
}

/** The stored rendering with one recipient's unsubscribe address in place of the placeholder (its last occurrence: the footer's). */
export function personalise(body: string, unsubscribeUrl: string, html: boolean): string {
  const at = body.lastIndexOf(UNSUBSCRIBE_PLACEHOLDER);
  if (at < 0) return body;
  return body.slice(0, at) + (html ? escapeHtml(unsubscribeUrl) : unsubscribeUrl) + body.slice(at + UNSUBSCRIBE_PLACEHOLDER.length);
}
