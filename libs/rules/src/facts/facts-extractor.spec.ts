import { extract } from './facts.spec-helpers';
import { extractFacts } from './index';

describe('extractFacts', () => {
  const text = [
    'Over 70 North Korean workers left a plant in Longjing, Jilin Province, on Nov. 2.',
    'Under U.N. Security Council Resolution 2375 firms had to close within 120 days.',
    'Each worker paid 3,400 yuan per person; some had come on student visas.',
  ].join(' ');

  it('extracts every kind from one text, in document order', () => {
    const facts = extract(text, '2017-11-06');
    expect(facts.places.map((p) => p.name)).toEqual(['Longjing', 'Jilin']);
    expect(facts.workerCounts.map((w) => [w.value, w.approximate])).toEqual([[70, true]]);
    expect(facts.dates.map((d) => [d.kind, d.iso])).toEqual([
      ['date', '2017-11-02'],
      ['deadline', '2018-03-06'],
    ]);
    expect(facts.resolutions.map((r) => r.number)).toEqual(['2375']);
    expect(facts.amounts.map((a) => [a.value, a.currency, a.per])).toEqual([[3400, 'CNY', 'per person']]);
    expect(facts.visas.map((v) => v.type)).toEqual(['student']);
  });

  it('is deterministic', () => {
    const published = new Date(Date.UTC(2017, 10, 6));
    expect(extractFacts(text, { published })).toEqual(extractFacts(text, { published }));
  });

  it('returns empty lists for empty or fact-free text', () => {
    const empty = { places: [], amounts: [], workerCounts: [], resolutions: [], visas: [], dates: [] };
    expect(extractFacts('')).toEqual(empty);
    expect(extractFacts('Nothing to see here, just words.')).toEqual(empty);
  });

  it('treats an invalid publication date like a missing one', () => {
    expect(extractFacts('On March 10.', { published: new Date('not a date') }).dates[0].iso).toBeNull();
    expect(extractFacts('On March 10.', { published: null }).dates[0].iso).toBeNull();
  });

  it('reads one number as one kind of fact', () => {
    // "2019" is a year here, not a count of workers and not a resolution.
    const facts = extract('In 2019 workers were sent home, and 2397 km away nothing happened.');
    expect(facts.dates.map((d) => d.text)).toEqual(['2019']);
    expect(facts.workerCounts).toEqual([]);
    expect(facts.resolutions).toEqual([]);
  });

  it('copes with adversarial input quickly (no catastrophic backtracking)', () => {
    const nasty = [
      'North '.repeat(5000),
      '1 '.repeat(20000),
      'visa '.repeat(5000),
      ' '.repeat(50000),
      '1,000,'.repeat(5000),
      'Resolution '.repeat(3000),
      '결의 '.repeat(3000),
      '0.'.repeat(10000),
      'year '.repeat(5000),
      'tens of '.repeat(5000),
    ].join('\n');
    // Catastrophic backtracking would take minutes and fail by the suite's time limit.
    expect(extract(nasty)).toBeDefined();
  });
});
