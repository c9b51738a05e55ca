import { extract, withoutSpans } from './facts.spec-helpers';

const visas = (text: string) => withoutSpans(extract(text).visas);

describe('visas', () => {
  it('reads English visa phrases and cover statuses', () => {
    expect(visas('Some came on student visas or student training visas, some on trainee visas, some as industrial trainees.')).toEqual([
      { type: 'student', text: 'student visas' },
      { type: 'student', text: 'student training visas' },
      { type: 'trainee', text: 'trainee visas' },
      { type: 'trainee', text: 'industrial trainees' },
    ]);
    expect(visas('Others held visitor visas, came as temporary visitors, on tourist visas or simply as tourists.')).toEqual([
      { type: 'visitor', text: 'visitor visas' },
      { type: 'visitor', text: 'temporary visitors' },
      { type: 'tourist', text: 'tourist visas' },
      { type: 'tourist', text: 'as tourists' },
    ]);
    expect(visas('A few had work visas or work permits; most came without visas at all, with no visa, visa-free, or found visas to work.')).toEqual([
      { type: 'work', text: 'work visas' },
      { type: 'work', text: 'work permits' },
      { type: 'none', text: 'without visas at all' },
      { type: 'none', text: 'no visa' },
      { type: 'none', text: 'visa-free' },
      { type: 'work', text: 'visas to work' },
    ]);
  });

  it('reads Korean phrases', () => {
    expect(visas('유학생 비자와 연수생, 관광 비자, 방문 비자, 취업 비자, 무비자, 비자 없이 입국.').map((v) => v.type)).toEqual([
      'student', 'trainee', 'tourist', 'visitor', 'work', 'none', 'none',
    ]);
  });

  it('reads Chinese phrases', () => {
    expect(visas('学生签证、留学、研修、旅游签证、以访问名义、工作签证、免签。').map((v) => v.type)).toEqual([
      'student', 'student', 'trainee', 'tourist', 'visitor', 'work', 'none',
    ]);
  });

  it('reads Russian phrases', () => {
    expect(visas('студенческие визы, учебной визе, туристическим визам, без визы, рабочие визы.')).toEqual([
      { type: 'student', text: 'студенческие визы' },
      { type: 'student', text: 'учебной визе' },
      { type: 'tourist', text: 'туристическим визам' },
      { type: 'none', text: 'без визы' },
      { type: 'work', text: 'рабочие визы' },
    ]);
  });

  it('keeps exact spans', () => {
    const text = 'They used student visas; 관광 비자 too.';
    expect(extract(text).visas.map((v) => v.span)).toEqual([
      [10, 23],
      [25, 30],
    ]);
  });

  describe('does not match', () => {
    it.each([
      ['visas with no stated type', 'Visa overstays are common at the visa office.'],
      ['a payment card', 'He paid with a Visa card.'],
      ['tourist as an adjective', 'It is tourist season.'],
      ['"visa" inside a word', 'The supervisas and visage.'],
      ['a plain visit in Chinese', '总统访问中国。'],
    ])('%s', (_why, text) => {
      expect(extract(text).visas).toEqual([]);
    });
  });
});
