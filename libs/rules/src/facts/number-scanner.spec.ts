import { scanNumbers } from './number-scanner';

const values = (text: string) => scanNumbers(text).numbers.map((n) => n.value);

describe('scanNumbers', () => {
  it('reads separators and decimal marks', () => {
    expect(values('62,000 and 1,000,000 and 1.7 and 62 000 and 62\u00a0000')).toEqual([62000, 1e6, 1.7, 62000, 62000]);
    expect(scanNumbers('100,000').numbers[0]).toMatchObject({ start: 0, end: 7, intDigits: 6, grouped: true, decimal: false });
  });

  it('reads a decimal comma only before a Russian word or symbol', () => {
    expect(values('2,5 млн')).toEqual([2.5]);
    expect(values('options 1,5 and 2')).toEqual([1, 5, 2]);
  });

  it('does not join a year and a count written with a space', () => {
    expect(values('in 2017 100 workers')).toEqual([2017, 100]);
  });

  it('skips numbers that are parts of something else', () => {
    expect(values('COVID-19, G20, A4, +82 2 1234 5678, 010-1234-5678, 10:30, 2017-2019, 1.2.3')).toEqual([]);
  });

  it('keeps the start of joined digit sequences for the date reader', () => {
    const text = 'On 2019-12-22 and 22.12.2019.';
    expect(scanNumbers(text).compounds).toEqual([3, 18]);
  });
});
