import { z } from 'zod';

export const CATEGORIES = ['worker-overstay', 'visa-workaround', 'loyalty-payment', 'repatriation-enforcement', 'it-workers-cyber'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

/** What a subscription lets through. Every field is optional: an empty object passes everything but dismissed items. */
export const subscriptionFiltersSchema = z
  .object({
    categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
    minSeverity: z.enum(SEVERITIES).optional(),
    /** ISO 3166 alpha-2 codes of the places named in the item's articles. */
    countries: z
      .array(z.string().regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as RU').transform((c) => c.toUpperCase()))
      .min(1)
      .optional(),
    /** Source ids or keys. */
    sources: z.array(z.string().min(1)).min(1).optional(),
    /** Only items an analyst confirmed; otherwise every match that is not dismissed. */
    confirmedOnly: z.boolean().optional(),
  })
  .strict();

export type SubscriptionFilters = z.infer<typeof subscriptionFiltersSchema>;

/** What the filters look at, read from a review item and its articles. */
export interface FilterableItem {
  state: string;
  severity: string;
  categories: string[];
  countries: string[];
  /** Ids and keys of the sources of the item's articles. */
  sources: string[];
}

export interface FilterOptions {
  /**
   * Immediate alerts go out before anyone has decided, so "confirmed only"
   * cannot apply to them; the other filters do.
   */
  ignoreConfirmedOnly?: boolean;
}

/** Reads a stored filters value; anything unreadable (an old shape) counts as "no filter" rather than silencing a subscription. */
export function readFilters(stored: unknown): SubscriptionFilters {
  const parsed = subscriptionFiltersSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

export function passesFilters(item: FilterableItem, f: SubscriptionFilters, opts: FilterOptions = {}): boolean {
  if (item.state === 'dismissed') return false;
  if (f.confirmedOnly && !opts.ignoreConfirmedOnly && item.state !== 'confirmed') return false;
  if (f.minSeverity && SEVERITIES.indexOf(item.severity as SeverityName) < SEVERITIES.indexOf(f.minSeverity)) return false;
  if (f.categories && !item.categories.some((c) => (f.categories as string[]).includes(c))) return false;
  if (f.countries && !item.countries.some((c) => f.countries!.includes(c.toUpperCase()))) return false;
  if (f.sources && !item.sources.some((s) => f.sources!.includes(s))) return false;
  return true;
}

/** One line for listings: "categories loyalty-payment; severity >= high; confirmed only". */
export function describeFilters(f: SubscriptionFilters): string {
  const parts: string[] = [];
  if (f.categories) parts.push(`categories ${f.categories.join(', ')}`);
  if (f.minSeverity) parts.push(`severity >= ${f.minSeverity}`);
  if (f.countries) parts.push(`countries ${f.countries.join(', ')}`);
  if (f.sources) parts.push(`sources ${f.sources.join(', ')}`);
  parts.push(f.confirmedOnly ? 'confirmed items only' : 'all matches');
  return parts.join('; ');
}
