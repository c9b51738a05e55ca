import { extract, withoutSpans } from './facts.spec-helpers';

const counts = (text: string) => withoutSpans(extract(text).workerCounts);

describe('worker counts', () => {
  it.each([
    ['The firm let go over 70 North Korean workers.', { value: 70, approximate: true, text: 'over 70 North Korean workers' }],
    ['Later about 30 workers left.', { value: 30, approximate: true, text: 'about 30 workers' }],
    ['There were 100,000 North Korean workers abroad.', { value: 100000, approximate: false, text: '100,000 North Korean workers' }],
    ['Yet tens of thousands of workers stayed.', { value: 10000, approximate: true, text: 'tens of thousands of workers' }],
    ['Hundreds of laborers arrived.', { value: 100, approximate: true, text: 'Hundreds of laborers' }],
    ['It hired 2,000 North Korean IT workers.', { value: 2000, approximate: false, text: '2,000 North Korean IT workers' }],
    ['Nearly 150 labourers were sent.', { value: 150, approximate: true, text: 'Nearly 150 labourers' }],
    ['Some 70-plus workers came.', { value: 70, approximate: true, text: 'Some 70-plus workers' }],
    ['Several hundred North Korean women sewed uniforms.', { value: 100, approximate: true, text: 'Several hundred North Korean women' }],
    ['Up to 1.5 million workers may be affected.', { value: 1.5e6, approximate: true, text: 'Up to 1.5 million workers' }],
    ['Then 200 people were dispatched.', { value: 200, approximate: false, text: '200 people' }],
  ])('%s', (text, expected) => {
    expect(counts(text)).toEqual([expected]);
  });

  it('reads Korean counts', () => {
    expect(counts('노동자 500명이 있었고, 500여명의 북한 노동자가 일했으며 노동자 약 1천명, 수백 명의 북한 노동자가 더 있었다.')).toEqual([
      { value: 500, approximate: false, text: '노동자 500명' },
      { value: 500, approximate: true, text: '500여명의 북한 노동자' },
      { value: 1000, approximate: true, text: '노동자 약 1천명' },
      { value: 100, approximate: true, text: '수백 명의 북한 노동자' },
    ]);
  });

  it('reads Chinese counts', () => {
    expect(counts('300名朝鲜工人，约300名朝鲜劳工，数百名朝鲜工人，3000多名工人。')).toEqual([
      { value: 300, approximate: false, text: '300名朝鲜工人' },
      { value: 300, approximate: true, text: '约300名朝鲜劳工' },
      { value: 100, approximate: true, text: '数百名朝鲜工人' },
      { value: 3000, approximate: true, text: '3000多名工人' },
    ]);
  });

  it('reads Russian counts', () => {
    expect(counts('Около 500 северокорейских рабочих, 1200 рабочих из КНДР и тысячи северокорейских рабочих.')).toEqual([
      { value: 500, approximate: true, text: 'Около 500 северокорейских рабочих' },
      { value: 1200, approximate: false, text: '1200 рабочих' },
      { value: 1000, approximate: true, text: 'тысячи северокорейских рабочих' },
    ]);
  });

  describe('does not match', () => {
    it.each([
      ['workers of other nationalities', 'The plant then hired 50 Chinese workers and 100 South Korean workers.'],
      ['generic nouns without a North Korean link', 'In the flood 100 people died.'],
      ['a year before "workers"', 'In 2019 workers returned home.'],
      ['other North Korean things', 'Over 100 North Korean restaurants may close.'],
      ['phone numbers', 'Call +7 423 2000 500 workers hotline.'],
    ])('%s', (_why, text) => {
      expect(extract(text).workerCounts).toEqual([]);
    });
  });
});
