import { renderDigest } from './digest-renderer';
import { DigestItemView, DigestView } from './digest-view';

const item = (over: Partial<DigestItemView>): DigestItemView => ({
  id: 'i1',
  title: 'Workers told to stay',
  url: 'https://news.example.org/a',
  outlet: 'Example News',
  published: new Date('2026-11-02T00:00:00Z'),
  severity: 'high',
  categories: ['worker-overstay'],
  state: 'new',
  matches: [{ ruleName: 'Ordered to stay', category: 'worker-overstay', severity: 'high', score: 3, evidence: [{ before: 'were ', hit: 'ordered to stay', after: ' abroad' }] }],
  facts: ['Places: Dalian (CN)'],
  link: 'http://localhost:3000/review-items/i1',
  ...over,
});

const view = (items: DigestItemView[]): DigestView => ({
  subscriptionName: 'Desk',
  periodStart: new Date('2026-11-01T00:00:00Z'),
  periodEnd: new Date('2026-11-02T07:00:00Z'),
  baseUrl: 'http://localhost:3000',
  items,
  coverage: { sourcesPolled: 3, articlesRead: 40, failingSources: [{ name: 'Slow <Feed>', since: null, error: 'no answer within 20000 ms' }] },
});

describe('renderDigest', () => {
  it('groups by category, most severe first, with counts in the subject', () => {
    const r = renderDigest(
      view([
        item({ id: 'a', title: 'Low one', severity: 'low' }),
        item({ id: 'b', title: 'Critical one', severity: 'critical' }),
        item({ id: 'c', title: 'Quota doubled', categories: ['loyalty-payment'], matches: [{ ruleName: 'Quota', category: 'loyalty-payment', severity: 'medium', score: 1, evidence: [] }] }),
      ]),
    );
    expect(r.subject).toBe('[Sanctions Monitor] Desk: 3 new items (worker-overstay 2, loyalty-payment 1)');
    expect(r.text.indexOf('Critical one')).toBeLessThan(r.text.indexOf('Low one'));
    expect(r.text.indexOf('== Workers kept abroad')).toBeLessThan(r.text.indexOf('== Loyalty payments'));
    expect(r.html).toContain('<mark style="background:#fff2a8;font-weight:bold">ordered to stay</mark>');
    expect(r.text).toContain('"...were [ordered to stay] abroad..."');
    expect(r.text).toContain('Coverage: 3 sources polled, 40 articles read. Failing: Slow <Feed> (no answer within 20000 ms).');
  });

  it('never lets feed text become markup or a script link', () => {
    const r = renderDigest(
      view([
        item({
          title: '<script>alert(1)</script><img src=x onerror=alert(2)>',
          url: 'javascript:alert(3)',
          outlet: '"><b>outlet',
          matches: [{ ruleName: 'R', category: 'worker-overstay', severity: 'high', score: 1, evidence: [{ before: '<i>', hit: '<svg onload=x>', after: '</i>' }] }],
        }),
      ]),
    );
    expect(r.html).not.toMatch(/<script|<img|<svg|<i>|<b>outlet|href="javascript:/i);
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(r.html).toContain('Slow &lt;Feed&gt;');
  });

  it('says so when nothing matched, and still reports coverage', () => {
    const r = renderDigest(view([]));
    expect(r.subject).toBe('[Sanctions Monitor] Desk: no new items');
    expect(r.html).toContain('No new items matched your filters in this period.');
    expect(r.html).toContain('3 sources polled, 40 articles read');
  });
});
