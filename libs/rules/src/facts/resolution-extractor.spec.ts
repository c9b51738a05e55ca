import { extract, withoutSpans } from './facts.spec-helpers';

const resolutions = (text: string) => withoutSpans(extract(text).resolutions);
const numbers = (text: string) => extract(text).resolutions.map((r) => r.number);

describe('resolutions', () => {
  it('reads the usual English forms', () => {
    expect(resolutions('Under Resolution 2397 and UNSCR 2375, and under U.N. Security Council Resolution 2375 as well.')).toEqual([
      { number: '2397', text: 'Resolution 2397' },
      { number: '2375', text: 'UNSCR 2375' },
      { number: '2375', text: 'U.N. Security Council Resolution 2375' },
    ]);
    expect(resolutions('See United Nations Security Council Resolution No. 2371.')).toEqual([
      { number: '2371', text: 'United Nations Security Council Resolution No. 2371' },
    ]);
  });

  it('reads every number of a list', () => {
    expect(resolutions('This breaks resolutions 2375 and 2397.')).toEqual([
      { number: '2375', text: 'resolutions 2375' },
      { number: '2397', text: '2397' },
    ]);
    expect(numbers('Resolutions 2270, 2321, 2371, 2375 and 2397 all apply.')).toEqual(['2270', '2321', '2371', '2375', '2397']);
    expect(numbers('Resolutions 1718 (2006), 1874 (2009) and 2397 (2017).')).toEqual(['1718', '1874', '2397']);
  });

  it('does not read the year in parentheses as a resolution', () => {
    expect(numbers('S/RES/2397 (2017) and Resolution 2397 (2017).')).toEqual(['2397', '2397']);
  });

  it('reads Korean, Chinese, Japanese and Russian forms', () => {
    expect(resolutions('결의 2397호, 안보리 결의 2375호와 2397호.')).toEqual([
      { number: '2397', text: '결의 2397호' },
      { number: '2375', text: '안보리 결의 2375호' },
      { number: '2397', text: '2397호' },
    ]);
    expect(resolutions('第2397号决议，安理会第2375号和第2397号决议。')).toEqual([
      { number: '2397', text: '第2397号决议' },
      { number: '2375', text: '安理会第2375号' },
      { number: '2397', text: '第2397号决议' },
    ]);
    expect(resolutions('安保理決議2397号と決議 2375。')).toEqual([
      { number: '2397', text: '安保理決議2397号' },
      { number: '2375', text: '決議 2375' },
    ]);
    expect(resolutions('резолюция 2397 и резолюции СБ ООН 2375 и 2397.')).toEqual([
      { number: '2397', text: 'резолюция 2397' },
      { number: '2375', text: 'резолюции СБ ООН 2375' },
      { number: '2397', text: '2397' },
    ]);
  });

  it('keeps exact spans', () => {
    const text = 'Per the U.N. Security Council Resolution 2375, and 2397호 결의.';
    expect(extract(text).resolutions.map((r) => r.span)).toEqual([
      [8, 45],
      [51, 59],
    ]);
  });

  describe('does not match', () => {
    it.each([
      ['a year', 'The order came in 2019 and again in 2017.'],
      ['a distance', 'The border is 2397 km away.'],
      ['a national resolution', 'House Resolution 1234 passed.'],
      ['a resolution without a number', 'The resolution passed in 2017 bans this.'],
      ['a phone number', 'Resolution desk: +1 212 963 2397.'],
      ['a five-digit number', 'Resolution 23975 is not a thing.'],
    ])('%s', (_why, text) => {
      expect(extract(text).resolutions).toEqual([]);
    });
  });

  it('reads the years next to a resolution as dates', () => {
    const facts = extract('Resolution 2087 was adopted in 2013.');
    expect(facts.resolutions.map((r) => r.number)).toEqual(['2087']);
    expect(facts.dates.map((d) => d.iso)).toEqual(['2013']);
  });
});
