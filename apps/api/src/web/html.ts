/**
 * Server-side views as tagged templates: every interpolated value is escaped
 * unless it is already SafeHtml (the result of another `html` template). So a
 * feed title with <script> or onerror= can only ever print as text, and the
 * compiler checks the views like any other code.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]);
}

type Part = SafeHtml | string | number | boolean | null | undefined | Date | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Date) return escapeHtml(part.toISOString());
  return escapeHtml(part);
}

export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** JSON for a data- attribute (escaped by the template like any text). */
export const json = (value: unknown): string => JSON.stringify(value);

export const when = (cond: unknown, part: () => Part): Part => (cond ? part() : '');

export function fmtDate(d: Date | string | null | undefined): string {
  if (!d) return '-';
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** `text` with the [start, end) ranges wrapped in <mark>; ranges may overlap or be unsorted. */
export function highlight(text: string, ranges: { start: number; end: number }[]): SafeHtml {
  const sorted = ranges.filter((r) => r.end > r.start && r.start >= 0 && r.end <= text.length).sort((a, b) => a.start - b.start);
  const parts: Part[] = [];
  let at = 0;
  for (const r of sorted) {
    if (r.end <= at) continue;
    const start = Math.max(r.start, at);
    parts.push(text.slice(at, start), html`<mark>${text.slice(start, r.end)}</mark>`);
    at = r.end;
  }
  parts.push(text.slice(at));
  return html`${parts}`;
}
