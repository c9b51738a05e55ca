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

export interface DigestItemView {
  id: string;
  title: string;
  url: string;
  outlet: string;
  published: Date | null;
  severity: string;
  categories: string[];
  state: string;
  matches: MatchView[];
  /** One short line per kind of fact: "Places: Dalian (CN), Sakhalin (RU)". */
  facts: string[];
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
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}
