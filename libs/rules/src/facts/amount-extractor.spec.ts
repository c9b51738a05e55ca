import { extract, withoutSpans } from './facts.spec-helpers';

const amounts = (text: string) => withoutSpans(extract(text).amounts);
const one = (text: string) => {
  const list = amounts(text);
  expect(list).toHaveLength(1);
  return list[0];
};

describe('amounts', () => {
  it.each([
    ['Hackers took $1.7 billion last year.', { value: 1.7e9, currency: 'USD', text: '$1.7 billion' }],
    ['The broker wanted US$500 a month.', { value: 500, currency: 'USD', per: 'per month', text: 'US$500 a month' }],
    ['A deal worth USD 2 million was signed.', { value: 2e6, currency: 'USD', text: 'USD 2 million' }],
    ['The fee was €300 only.', { value: 300, currency: 'EUR', text: '€300' }],
    ['They earned 1.7 billion dollars in total.', { value: 1.7e9, currency: 'USD', text: '1.7 billion dollars' }],
    ['Thieves moved 300 million in cryptocurrency.', { value: 3e8, currency: 'CRYPTO', text: '300 million in cryptocurrency' }],
    ['Another $5m went missing.', { value: 5e6, currency: 'USD', text: '$5m' }],
    ['And $2bn more.', { value: 2e9, currency: 'USD', text: '$2bn' }],
    ['The quota was 62,000 rubles per person.', { value: 62000, currency: 'RUB', per: 'per person', text: '62,000 rubles per person' }],
    ['Each paid 3,400 yuan per person per month.', { value: 3400, currency: 'CNY', per: 'per person per month', text: '3,400 yuan per person per month' }],
    ['A quota of ¥2,000 applied.', { value: 2000, currency: 'CNY', text: '¥2,000' }],
    ['A kilo cost 30,000 North Korean won.', { value: 30000, currency: 'KPW', text: '30,000 North Korean won' }],
    ['The fine was 5,000 South Korean won.', { value: 5000, currency: 'KRW', text: '5,000 South Korean won' }],
  ])('%s', (text, expected) => {
    expect(one(text)).toEqual(expected);
  });

  it('keeps a dollar amount followed by "won" the verb', () => {
    expect(one('The $500 prize won praise.')).toEqual({ value: 500, currency: 'USD', text: '$500' });
  });

  it('reads bare "won" as KRW, or KPW when the text names the North Korean won', () => {
    expect(one('The tickets cost 10,000 won each.').currency).toBe('KRW');
    expect(amounts('Rice sold for 5,000 won; prices are quoted in North Korean won.')[0].currency).toBe('KPW');
  });

  it('reads Chinese amounts', () => {
    expect(amounts('配额为3,400元，也有1万元的，另有人民币3400元，每人每月3400元。')).toEqual([
      { value: 3400, currency: 'CNY', text: '3,400元' },
      { value: 10000, currency: 'CNY', text: '1万元' },
      { value: 3400, currency: 'CNY', text: '人民币3400元' },
      { value: 3400, currency: 'CNY', per: 'per person per month', text: '每人每月3400元' },
    ]);
    expect(one('损失达17亿美元。')).toEqual({ value: 1.7e9, currency: 'USD', text: '17亿美元' });
  });

  it('reads Korean amounts, including compound units', () => {
    expect(amounts('빚은 17억 달러, 1억 7천만 달러, 500위안이었고 월 500달러를 냈다.')).toEqual([
      { value: 1.7e9, currency: 'USD', text: '17억 달러' },
      { value: 1.7e8, currency: 'USD', text: '1억 7천만 달러' },
      { value: 500, currency: 'CNY', text: '500위안' },
      { value: 500, currency: 'USD', per: 'per month', text: '월 500달러' },
    ]);
  });

  it('reads Russian amounts', () => {
    expect(amounts('Зарплата 62 000 рублей, взнос 150 руб., долг 2,5 млн рублей и 500 долларов в месяц.')).toEqual([
      { value: 62000, currency: 'RUB', text: '62 000 рублей' },
      { value: 150, currency: 'RUB', text: '150 руб.' },
      { value: 2.5e6, currency: 'RUB', text: '2,5 млн рублей' },
      { value: 500, currency: 'USD', per: 'per month', text: '500 долларов в месяц' },
    ]);
    expect(one('Сбор составил 5000 ₽.')).toEqual({ value: 5000, currency: 'RUB', text: '5000 ₽' });
  });

  it('keeps exact spans', () => {
    const text = 'First $1.7 billion, then 62,000 rubles per person.';
    expect(extract(text).amounts.map((a) => a.span)).toEqual([
      [6, 18],
      [25, 49],
    ]);
  });

  describe('does not match', () => {
    it.each([
      ['"won" the verb', 'The team won the match 3-1 and in 2019 won the title.'],
      ['"won" after a year', 'Founded in 1998 won awards.'],
      ['numbers without a currency', 'About 3 million people live in the 2,000 km2 area.'],
      ['units that look like multipliers', 'The road was 500 m long and 2397 km away.'],
      ['phone numbers', 'Call +82 2 1234 5678 or 010-1234-5678 today.'],
      ['"a year ago" after a number with no currency', 'It had 500 staff a year ago.'],
      ['"won" after a year with a multiplier-free number', 'By 2020 won seats dropped.'],
    ])('%s', (_why, text) => {
      expect(extract(text).amounts).toEqual([]);
    });
  });
});
