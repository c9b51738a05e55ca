import { extract, withoutSpans } from './facts.spec-helpers';
import { GAZETTEER } from './gazetteer.data';

const places = (text: string) => withoutSpans(extract(text).places);
const names = (text: string) => extract(text).places.map((p) => p.name);

describe('places', () => {
  it('finds Russian Far East cities with their region', () => {
    expect(places('Crews moved from a yard near Vladivostok to building sites in Khabarovsk.')).toEqual([
      { name: 'Vladivostok', country: 'RU', region: 'Primorsky Krai', text: 'Vladivostok' },
      { name: 'Khabarovsk', country: 'RU', region: 'Khabarovsk Krai', text: 'Khabarovsk' },
    ]);
  });

  it('reports countries with their own code and provinces without a region', () => {
    expect(places('Firms in China hired them, mostly in Liaoning.')).toEqual([
      { name: 'China', country: 'CN', text: 'China' },
      { name: 'Liaoning', country: 'CN', text: 'Liaoning' },
    ]);
  });

  it('matches multi-word names with loose separators, longest name first', () => {
    expect(names('Teams went to St. Petersburg, Saint Petersburg, St Petersburg and Yuzhno-Sakhalinsk.')).toEqual([
      'St Petersburg',
      'St Petersburg',
      'St Petersburg',
      'Yuzhno-Sakhalinsk',
    ]);
    expect(names('Jilin Province, Jilin City, and Jilin on its own.')).toEqual(['Jilin', 'Jilin City', 'Jilin']);
    expect(extract('Jilin Province').places[0].text).toBe('Jilin Province');
    expect(names('Herders crossed from Inner Mongolia into Mongolia.')).toEqual(['Inner Mongolia', 'Mongolia']);
    expect(names('Builders worked in the Democratic Republic of the Congo and DR Congo.')).toEqual(['DR Congo', 'DR Congo']);
  });

  it('covers the Gulf, Africa and South-East Asia', () => {
    expect(extract('Brokers in Dubai and Abu Dhabi placed crews in Saudi Arabia, Oman, Kuwait, Qatar and the UAE.').places.map((p) => p.country)).toEqual([
      'AE', 'AE', 'SA', 'OM', 'KW', 'QA', 'AE',
    ]);
    expect(extract('Statue builders in Angola, Equatorial Guinea, Senegal, Namibia and Tanzania.').places.map((p) => p.country)).toEqual([
      'AO', 'GQ', 'SN', 'NA', 'TZ',
    ]);
    expect(extract('Restaurants in Vietnam, Laos, Cambodia, Myanmar and Malaysia; shipyards in Poland.').places.map((p) => p.country)).toEqual([
      'VN', 'LA', 'KH', 'MM', 'MY', 'PL',
    ]);
  });

  it('reads Korean names as substrings, particles attached', () => {
    expect(names('단둥에서 일하던 노동자들이 선양으로, 또 사할린과 블라디보스토크로 갔다.')).toEqual(['Dandong', 'Shenyang', 'Sakhalin', 'Vladivostok']);
    expect(names('중국과 러시아, 대련의 공장')).toEqual(['China', 'Russia', 'Dalian']);
  });

  it('reads Chinese and Japanese names as substrings', () => {
    expect(names('在丹东和沈阳的工厂里，也有人去了俄罗斯萨哈林。')).toEqual(['Dandong', 'Shenyang', 'Russia', 'Sakhalin']);
    expect(names('大连和中国的其他城市')).toEqual(['Dalian', 'China']);
    expect(names('ロシア極東のウラジオストク')).toEqual(['Russia', 'Vladivostok']);
  });

  it('reads Russian names with case endings', () => {
    expect(places('Бригады работали на Сахалине и во Владивостоке.')).toEqual([
      { name: 'Sakhalin', country: 'RU', text: 'Сахалине' },
      { name: 'Vladivostok', country: 'RU', region: 'Primorsky Krai', text: 'Владивостоке' },
    ]);
    expect(names('Из Китая в Россию, потом в Даньдун и Санкт-Петербург.')).toEqual(['China', 'Russia', 'Dandong', 'St Petersburg']);
  });

  it('prefers the longest name when names overlap', () => {
    expect(names('유즈노사할린스크')).toEqual(['Yuzhno-Sakhalinsk']);
    expect(names('内蒙古')).toEqual(['Inner Mongolia']);
  });

  it('gives exact spans in mixed text', () => {
    const text = 'Workers (in Dandong) and 단둥에서 and Сахалине.';
    expect(extract(text).places.map((p) => p.span)).toEqual([
      [12, 19],
      [25, 27],
      [34, 42],
    ]);
  });

  describe('does not match', () => {
    it.each([
      ['a name inside another word', 'The Jilinsheng office and the Dalianese port.'],
      ['places outside the gazetteer', 'Officials from Georgia, Washington and Seoul met.'],
      ['North Korea itself', 'Pyongyang and North Korea sent them; North Korean officials agreed.'],
      ['lower-case common nouns', 'The china plates were sold in a sakhalin-style market.'],
      ['a river named like a city', 'They crossed the Tumen River and the Amur River.'],
      ['tea named like a city', 'A cup of Longjing tea, 一杯龙井茶.'],
      ['Korean words that contain a place name', '국위를 선양하는 카타르시스'],
    ])('%s', (_why, text) => {
      expect(extract(text).places).toEqual([]);
    });
  });

  it('has well-formed gazetteer data', () => {
    const seen = new Map<string, string>();
    for (const entry of GAZETTEER) {
      expect(entry.country).toMatch(/^[A-Z]{2}$/);
      expect(entry.country).not.toBe('KP');
      for (const alias of [entry.name, ...entry.aliases]) {
        expect(alias.length).toBeGreaterThanOrEqual(2);
        // One surface form must not name two places.
        expect(seen.get(alias) ?? entry.name).toBe(entry.name);
        seen.set(alias, entry.name);
      }
    }
  });
});
