/** Everything a digest shows, already read from the database: the renderer does no I/O. */
export interface EvidenceView {
  before: string;
  hit: string;
  after: string;
}

export interface MatchView {
  ruleName: string;
  category: string;
  severity: string;
  score: number;
  evidence: EvidenceView[];
}

export interface DecisionView {
  /** "confirmed (reportable)", "escalated"... */
  label: string;
  by: string | null;
  at: Date | null;
  note: string | null;
}

export interface DigestItemView {
  id: string;
  title: string;
  /** The first article's address. */
  url: string;
  /** Every outlet that carried the story, first reporter first. */
  outlets: string[];
  published: Date | null;
  severity: string;
  categories: string[];
  state: string;
  decision: DecisionView | null;
  matches: MatchView[];
  /** One short line per kind of fact: "Places: Dalian (CN), Sakhalin (RU)". */
  facts: string[];
  /** The item in the service. */
  link: string;
}

export interface CoverageView {
  sourcesPolled: number;
  articlesRead: number;
  failingSources: { name: string; since: Date | null; error: string }[];
}

export interface DigestView {
  subscriptionName: string;
  periodStart: Date | null;
  periodEnd: Date;
  baseUrl: string;
  items: DigestItemView[];
  coverage: CoverageView;
  /** Items per category in the previous digest, null when there was none. */
  previousCounts?: Record<string, number> | null;
}

export interface AlertView {
  subscriptionName: string;
  reason: 'critical' | 'escalated';
  item: DigestItemView;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}
