import { UNSUBSCRIBE_PLACEHOLDER, personalise, renderAlert, renderDigest } from './digest-renderer';
import { DigestItemView, DigestView } from './digest-view';

const item = (over: Partial<DigestItemView>): DigestItemView => ({
  id: 'i1',
  title: 'Workers told to stay',
  url: 'https://news.example.org/a',
  outlets: ['Example News', 'Other Wire'],
  published: new Date('2026-11-02T00:00:00Z'),
  severity: 'high',
  categories: ['worker-overstay'],
  state: 'new',
  decision: null,
  matches: [{ ruleName: 'Ordered to stay', category: 'worker-overstay', severity: 'high', score: 3, evidence: [{ before: 'were ', hit: 'ordered to stay', after: ' abroad' }] }],
  facts: ['Places: Dalian (CN)'],
  link: 'http://localhost:3000/items/i1',
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
    expect(r.text).toContain('Coverage: 3 sources polled, 40 articles read. Failing: Slow <Feed> (never succeeded: no answer within 20000 ms).');
    expect(r.text).toContain('Example News, Other Wire | 2026-11-02 | CRITICAL | new');
    expect(r.text).toContain('Open: http://localhost:3000/items/i1');
  });

  it('never lets feed text become markup or a script link', () => {
    const r = renderDigest(
      view([
        item({
          title: '<script>alert(1)</script><img src=x onerror=alert(2)>',
          url: 'javascript:alert(3)',
          outlets: ['"><b>outlet'],
          link: 'javascript:alert(4)',
          decision: { label: 'confirmed (reportable)', by: 'ana', at: null, note: '<img src=x onerror=alert(5)>' },
          matches: [{ ruleName: 'R', category: 'worker-overstay', severity: 'high', score: 1, evidence: [{ before: '<i>', hit: '<svg onload=x>', after: '</i>' }] }],
        }),
      ]),
    );
    expect(r.html).not.toMatch(/<script|<img|<svg|<i>|<b>outlet|href="javascript:/i);
    expect(r.html).toContain('&lt;img src=x onerror=alert(5)&gt;');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(r.html).toContain('Slow &lt;Feed&gt;');
  });

  it('says so when nothing matched, and still reports coverage', () => {
    const r = renderDigest(view([]));
    expect(r.subject).toBe('[Sanctions Monitor] Desk: no new items');
    expect(r.html).toContain('No new items matched your filters in this period.');
    expect(r.html).toContain('3 sources polled, 40 articles read');
  });

  it('shows the change against the previous digest per category, a category that dropped to none included', () => {
    const r = renderDigest({ ...view([item({ id: 'a' }), item({ id: 'b' })]), previousCounts: { 'worker-overstay': 3, 'loyalty-payment': 1 } });
    expect(r.text).toContain('2 new items. Previous digest: 4 items.');
    expect(r.text).toContain('  Workers kept abroad (overstays): 2 (-1)');
    expect(r.text).toContain('  Loyalty payments and wage quotas: 0 (-1)');
  });

  it('puts each recipient\'s own unsubscribe link in the footer only', () => {
    const r = renderDigest(view([item({ title: `Sneaky ${UNSUBSCRIBE_PLACEHOLDER}` })]));
    const html = personalise(r.html, 'https://m.example/unsubscribe/a.b?x=1&y=2', true);
    expect(html).toContain('<a href="https://m.example/unsubscribe/a.b?x=1&amp;y=2"');
    expect(html).not.toContain(UNSUBSCRIBE_PLACEHOLDER);
    expect(html).toContain('Sneaky &lt;!--unsubscribe-url--&gt;');
    expect(personalise(r.text, 'https://m.example/u/t', false)).toMatch(/Unsubscribe: https:\/\/m\.example\/u\/t\n$/);
  });

  it('renders an alert with the item and a one-line subject', () => {
    const r = renderAlert({ subscriptionName: 'Desk', reason: 'escalated', item: item({ title: 'Line one\nline two' }) });
    expect(r.subject).toBe('[Sanctions Monitor] Escalated item: Line one line two');
    expect(r.text).toContain('Escalated item: immediate alert for Desk');
    expect(r.html).toContain('<mark style="background:#fff2a8;font-weight:bold">ordered to stay</mark>');
  });
});
