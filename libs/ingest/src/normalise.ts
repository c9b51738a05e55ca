import { createHash } from 'node:crypto';

/** Query parameters that only track the reader; two URLs differing in them are the same article. */
const TRACKING_PARAMS = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|igshid|ref|ref_src|_hsenc|_hsmi|mkt_tok|cmpid|ocid)$/i;

/**
 * The canonical form of an article URL, used to recognise the same article
 * reached by different links: lower-case scheme and host, no default port,
 * no fragment, no tracking parameters, remaining parameters sorted, no
 * trailing slash on the path.
 */
export function canonicalUrl(raw: string): string {
  const u = new URL(raw.trim());
  u.hash = '';
  u.hostname = u.hostname.toLowerCase();
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k));
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  u.search = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  if (u.pathname.length > 1) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.toString();
}

/** Plain text with white space folded; paragraph breaks (blank lines) are kept. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g, ' ')
    .split(/\n{2,}/)
    .map((p) => p.replace(/[ \t\n]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** Strips tags from a feed's HTML snippet (titles and summaries often carry markup). */
export function stripTags(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>/gi, '\n\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

/** Identical text (after folding white space and case) hashes the same, whatever the outlet or URL. */
export function contentHash(title: string, text: string): string {
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(norm(title)).update('\n').update(norm(text)).digest('hex');
}

/** A publication date from a feed, or null when absent or unparseable: a date is never invented. */
export function parseDate(value: string | undefined | null): Date | null {
  if (!value) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  // Dates far in the future are feed errors; keep them unknown rather than wrong.
  if (d.getTime() > Date.now() + 2 * 24 * 3600 * 1000 || d.getFullYear() < 1990) return null;
  return d;
}
