import { extract, withoutSpans } from './facts.spec-helpers';

const dates = (text: string, published?: string) => withoutSpans(extract(text, published).dates);

describe('dates', () => {
  it('reads explicit English and ISO dates', () => {
    expect(dates('It began on Dec. 22, 2019, or 22 December 2019, or 2019-12-22, or November 6, 2017.')).toEqual([
      { iso: '2019-12-22', kind: 'date', text: 'Dec. 22, 2019' },
      { iso: '2019-12-22', kind: 'date', text: '22 December 2019' },
      { iso: '2019-12-22', kind: 'date', text: '2019-12-22' },
      { iso: '2017-11-06', kind: 'date', text: 'November 6, 2017' },
    ]);
    expect(dates('Filed in September 2017 and on 22.12.2019.')).toEqual([
      { iso: '2017-09', kind: 'date', text: 'September 2017' },
      { iso: '2019-12-22', kind: 'date', text: '22.12.2019' },
    ]);
  });

  it('takes a missing year from the publication date: the past for events, the future for limits', () => {
    expect(dates('An order of March 10 was read out on Apr. 27.', '2020-04-28')).toEqual([
      { iso: '2020-03-10', kind: 'date', text: 'March 10' },
      { iso: '2020-04-27', kind: 'date', text: 'Apr. 27' },
    ]);
    expect(dates('It happened on Dec. 28.', '2020-01-05')[0].iso).toBe('2019-12-28');
    expect(dates('It starts on Jan. 3.', '2019-12-28')[0].iso).toBe('2020-01-03');
    expect(dates('They must leave by Dec. 22.', '2019-04-10')[0]).toEqual({ iso: '2019-12-22', kind: 'deadline', text: 'by Dec. 22' });
    expect(dates('In October, some went home.', '2017-11-06')[0]).toEqual({ iso: '2017-10', kind: 'date', text: 'October' });
  });

  it('leaves iso null when the year is unknown', () => {
    expect(dates('An order of March 10 was read out on Apr. 27.')).toEqual([
      { iso: null, kind: 'date', text: 'March 10' },
      { iso: null, kind: 'date', text: 'Apr. 27' },
    ]);
    expect(dates('They must go by the end of the year, within 120 days.')).toEqual([
      { iso: null, kind: 'deadline', text: 'by the end of the year' },
      { iso: null, kind: 'deadline', text: 'within 120 days' },
    ]);
  });

  it('reads deadlines', () => {
    expect(dates('Workers had to go by Dec. 22, 2019, or by late 2019, or by the end of 2019.')).toEqual([
      { iso: '2019-12-22', kind: 'deadline', text: 'by Dec. 22, 2019' },
      { iso: '2019', kind: 'deadline', text: 'by late 2019' },
      { iso: '2019-12-31', kind: 'deadline', text: 'by the end of 2019' },
    ]);
    expect(dates('Firms must leave within 120 days, staff stay until year’s end, or until at least the end of this year.', '2017-11-06')).toEqual([
      { iso: '2018-03-06', kind: 'deadline', text: 'within 120 days' },
      { iso: '2017-12-31', kind: 'deadline', text: 'until year’s end' },
      { iso: '2017-12-31', kind: 'deadline', text: 'until at least the end of this year' },
    ]);
    expect(dates('Ahead of the deadline; the Dec. 22 deadline; the deadline of Sept. 1, 2020.', '2019-06-01')).toEqual([
      { iso: null, kind: 'deadline', text: 'deadline' },
      { iso: '2019-12-22', kind: 'deadline', text: 'Dec. 22 deadline' },
      { iso: '2020-09-01', kind: 'deadline', text: 'deadline of Sept. 1, 2020' },
    ]);
  });

  it('reads years only after a preposition', () => {
    expect(dates('Since 2019 the rule holds; in late 2017 it was adopted.')).toEqual([
      { iso: '2019', kind: 'date', text: '2019' },
      { iso: '2017', kind: 'date', text: 'late 2017' },
    ]);
    expect(dates('The 2019 figures show 2017 was worse.')).toEqual([]);
  });

  it('reads Korean dates and limits', () => {
    expect(dates('2019년 12월 22일, 12월 22일, 2019년 12월 22일까지, 120일 이내, 연말까지.', '2019-06-01')).toEqual([
      { iso: '2019-12-22', kind: 'date', text: '2019년 12월 22일' },
      { iso: '2018-12-22', kind: 'date', text: '12월 22일' },
      { iso: '2019-12-22', kind: 'deadline', text: '2019년 12월 22일까지' },
      { iso: '2019-09-29', kind: 'deadline', text: '120일 이내' },
      { iso: '2019-12-31', kind: 'deadline', text: '연말까지' },
    ]);
  });

  it('reads Chinese dates and limits', () => {
    expect(dates('2019年12月22日，2019年12月22日前，120天内，年底前。', '2019-06-01')).toEqual([
      { iso: '2019-12-22', kind: 'date', text: '2019年12月22日' },
      { iso: '2019-12-22', kind: 'deadline', text: '2019年12月22日前' },
      { iso: '2019-09-29', kind: 'deadline', text: '120天内' },
      { iso: '2019-12-31', kind: 'deadline', text: '年底前' },
    ]);
  });

  it('reads Russian dates and limits', () => {
    expect(dates('22 декабря 2019 года; до 22 декабря 2019 года; в течение 120 дней; до конца года; в 2019 году.', '2019-06-01')).toEqual([
      { iso: '2019-12-22', kind: 'date', text: '22 декабря 2019 года' },
      { iso: '2019-12-22', kind: 'deadline', text: 'до 22 декабря 2019 года' },
      { iso: '2019-09-29', kind: 'deadline', text: 'в течение 120 дней' },
      { iso: '2019-12-31', kind: 'deadline', text: 'до конца года' },
      { iso: '2019', kind: 'date', text: 'в 2019 году' },
    ]);
    expect(dates('в конце 2019 года; до конца 2019 года; в декабре 2019 года.')).toEqual([
      { iso: '2019-12-31', kind: 'date', text: 'в конце 2019 года' },
      { iso: '2019-12-31', kind: 'deadline', text: 'до конца 2019 года' },
      { iso: '2019-12', kind: 'date', text: 'декабре 2019 года' },
    ]);
  });

  it('keeps exact spans', () => {
    const text = 'Leave by Dec. 22, 2019; 2019년 12월 22일까지.';
    expect(extract(text).dates.map((d) => d.span)).toEqual([
      [6, 22],
      [24, 39],
    ]);
  });

  describe('does not match', () => {
    it.each([
      ['"May" the verb', 'May I ask what happened?'],
      ['a month name inside a word', 'Decades of Marching bands at Mar-a-Lago.'],
      ['a distance', 'It is 2397 km to the border.'],
      ['an impossible day', 'It was on June 31.'],
      ['a month on its own without a preposition', 'October was cold.'],
    ])('%s', (_why, text) => {
      expect(extract(text).dates).toEqual([]);
    });
  });
});
