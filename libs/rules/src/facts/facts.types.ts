/** A [start, end) character range in the text the facts were read from. */
export type Span = [number, number];

export interface PlaceFact {
  /** The place as named in the gazetteer (English), e.g. "Dalian". */
  name: string;
  /** ISO 3166-1 alpha-2 country code, e.g. "CN", "RU", "AE". */
  country: string;
  /** Province, oblast or emirate when known, e.g. "Liaoning". */
  region?: string;
  text: string;
  span: Span;
}

export interface AmountFact {
  value: number;
  /** ISO 4217 code (USD, CNY, RUB, KPW, EUR, ...), or a crypto ticker. */
  currency: string;
  /** "per person", "monthly" and similar qualifiers when stated next to the amount. */
  per?: string;
  text: string;
  span: Span;
}

export interface WorkerCountFact {
  value: number;
  /** "over 70", "about 30", "tens of thousands" are approximate. */
  approximate: boolean;
  text: string;
  span: Span;
}

export interface ResolutionFact {
  /** UN Security Council resolution number, e.g. "2397". */
  number: string;
  text: string;
  span: Span;
}

export type VisaType = 'student' | 'trainee' | 'visitor' | 'tourist' | 'work' | 'none';

export interface VisaFact {
  type: VisaType;
  text: string;
  span: Span;
}

export interface DateFact {
  /** ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when the text pins it down, else null. */
  iso: string | null;
  /** "deadline" when the text sets a limit ("by Dec. 22, 2019", "within 120 days"). */
  kind: 'date' | 'deadline';
  text: string;
  span: Span;
}

export interface Facts {
  places: PlaceFact[];
  amounts: AmountFact[];
  workerCounts: WorkerCountFact[];
  resolutions: ResolutionFact[];
  visas: VisaFact[];
  dates: DateFact[];
}
