import { extractAmounts } from './amount-extractor';
import { validPublished } from './calendar';
import { extractDates } from './date-extractor';
import type { Facts } from './facts.types';
import { extractPlaces } from './place-extractor';
import { extractResolutions } from './resolution-extractor';
import { SpanSet, withoutOverlaps } from './span-overlap';
import { profileText } from './text-profile';
import { extractVisas } from './visa-extractor';
import { extractWorkerCounts } from './worker-count-extractor';

export interface ExtractFactsOptions {
  /** Publication date: gives a year to "March 10" and an end to "within 120 days". */
  published?: Date | null;
}

/**
 * Reads places, money amounts, worker counts, UN resolutions, visa types and
 * dates out of an article. Pure and deterministic: the same text and publication
 * date always give the same facts, in document order.
 *
 * The numbers of the text, and which scripts it uses, are found once and shared by
 * the extractors. A number is read as one kind of fact only: when two kinds claim
 * overlapping text the more specific wins, a resolution over an amount over a date
 * over a worker count ("Resolution 2087" is not a year, "in 2019 workers" is not a
 * count).
 */
export function extractFacts(text: string, opts: ExtractFactsOptions = {}): Facts {
  const published = validPublished(opts.published);
  const profile = profileText(text);

  const claimed = new SpanSet();
  const claim = <T extends { span: [number, number] }>(facts: T[]): T[] => {
    const kept = withoutOverlaps(facts, claimed);
    for (const f of kept) claimed.add(f.span);
    return kept;
  };
  const resolutions = claim(extractResolutions(text, profile));
  const amounts = claim(extractAmounts(text, profile));
  const dates = claim(extractDates(text, profile, published));
  const workerCounts = claim(extractWorkerCounts(text, profile));

  return {
    places: extractPlaces(text, profile),
    amounts,
    workerCounts,
    resolutions,
    visas: extractVisas(text, profile),
    dates,
  };
}
