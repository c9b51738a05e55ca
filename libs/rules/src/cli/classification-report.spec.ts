import { compileRules } from '../matcher/compiled-rule-set';
import { classifyArticle, formatReport } from './classification-report';

const set = compileRules([
  {
    id: 'removed',
    name: 'Removed',
    category: 'repatriation-enforcement',
    severity: 'medium',
    query: 'dprk^0 AND workers^0 AND (workers ONEAR/3 deported)',
  },
]);

describe('classifyArticle / formatReport', () => {
  it('reports categories, matches with evidence, and facts read with the Date header as publication date', () => {
    const r = classifyArticle(set, { file: 'a.txt', format: 'text', title: '', text: 'On March 10, 40 DPRK workers were deported from Dalian.', date: new Date('2024-04-01') });
    expect(r.categories).toEqual(['repatriation-enforcement']);
    expect(r.matches[0].evidence[0]).toMatchObject({ field: 'body', text: 'workers were deported', clause: '(workers ONEAR/3 deported)' });
    expect(r.facts.dates.map((d) => d.iso)).toEqual(['2024-03-10']);
    expect(r.date).toBe('2024-04-01T00:00:00.000Z');
  });

  it('shows each rule with the snippets that add something, then one line per kind of fact', () => {
    const r = classifyArticle(set, { file: 'a.txt', format: 'text', title: 'Deported', text: '40 DPRK workers were deported from Dalian.' });
    expect(formatReport(r)).toBe(
      [
        '== a.txt',
        'Title: Deported',
        'Categories: repatriation-enforcement',
        '  [medium] removed  repatriation-enforcement, score 1',
        // The "workers" context hit lies inside the cue's and is not shown again.
        '      body  40 DPRK [[workers were deported]] from Dalian.',
        '      body  40 [[DPRK]] workers were deported from Dalian.',
        'Facts:',
        '  places: Dalian (CN, Liaoning)',
        '  workers: 40',
      ].join('\n'),
    );
  });
});
