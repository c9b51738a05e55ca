import { detectLanguage } from './language-detector';
import { normaliseLanguageTag } from './language-tag';

describe('detectLanguage', () => {
  it.each([
    ['en', 'Dozens of North Korean labourers arrived at a shipyard in the Russian Far East this spring, residents said.'],
    ['ko', '올봄 러시아 극동의 한 조선소에 북한 노동자 수십 명이 도착했다고 주민들이 전했다.'],
    ['zh', '今年春天，数十名朝鲜工人抵达俄罗斯远东地区的一家造船厂，当地居民说。'],
    ['zh', '今年春天，數十名朝鮮工人抵達俄羅斯遠東地區的一家造船廠，當地居民說。'],
    ['ja', '今年の春、数十人の北朝鮮の労働者がロシア極東の造船所に到着したと住民が話した。'],
    ['ru', 'Этой весной несколько десятков рабочих из КНДР прибыли на верфь на Дальнем Востоке, рассказали местные жители.'],
    ['uk', 'Цієї весни кілька десятків робітників із КНДР прибули на верф на Далекому Сході, розповіли місцеві мешканці.'],
    ['fr', "Des dizaines d'ouvriers nord-coréens sont arrivés ce printemps dans un chantier naval de l'Extrême-Orient russe."],
    ['de', 'Dutzende nordkoreanische Arbeiter sind in diesem Frühjahr auf einer Werft im russischen Fernen Osten eingetroffen.'],
    ['es', 'Decenas de obreros norcoreanos llegaron esta primavera a un astillero del Lejano Oriente ruso, según los vecinos.'],
    ['pl', 'Kilkudziesięciu robotników z Korei Północnej przybyło tej wiosny do stoczni na rosyjskim Dalekim Wschodzie.'],
    ['vi', 'Hàng chục công nhân Triều Tiên đã đến một xưởng đóng tàu ở Viễn Đông của Nga vào mùa xuân này.'],
    ['ar', 'وصل عشرات العمال من كوريا الشمالية إلى حوض لبناء السفن في أقصى الشرق الروسي هذا الربيع.'],
    ['th', 'แรงงานเกาหลีเหนือหลายสิบคนเดินทางมาถึงอู่ต่อเรือในตะวันออกไกลของรัสเซีย'],
  ])('%s: %s', (lang, text) => expect(detectLanguage(text)).toBe(lang));

  it('reads a Korean article with English names and Hanja as Korean', () => {
    expect(detectLanguage('유엔(UN) 안보리 대북제재위원회는 블라디보스토크(Vladivostok)의 北 노동자 파견 의혹을 조사하고 있다.')).toBe('ko');
  });

  it('reads an English article quoting a Korean phrase as English', () => {
    const text = 'The banner over the dormitory gate read "조국을 위하여" (for the fatherland), according to a worker who left the site in March and later spoke to reporters in Seoul.';
    expect(detectLanguage(text)).toBe('en');
  });

  it('reads a Russian report that names a Ukrainian city as Russian', () => {
    const text = 'Представители компании заявили, что рабочие прибыли через Київ и Москву, а затем отправились на стройку в Хабаровске на несколько лет.';
    expect(detectLanguage(text)).toBe('ru');
  });

  it('reads a Chinese text quoting a Japanese company name as Chinese', () => {
    expect(detectLanguage('据报道，这家名为「さくら建設」的公司在辽宁省雇用了多名朝鲜工人，并通过第三方支付工资。')).toBe('zh');
  });

  describe('short text', () => {
    it('returns null when there is too little to tell and no hint', () => {
      expect(detectLanguage('')).toBeNull();
      expect(detectLanguage('2024-03-05 12:00')).toBeNull();
      expect(detectLanguage('Kim Jong Un visited')).toBeNull();
      expect(detectLanguage('Sanctions')).toBeNull();
      expect(detectLanguage('朝鲜')).toBeNull();
    });
    it('falls back on the hint when the text cannot settle it', () => {
      expect(detectLanguage('Sanctions', 'fr-FR')).toBe('fr');
      expect(detectLanguage('Kim Jong Un visited', 'en')).toBe('en');
      expect(detectLanguage('朝鲜', 'zh-Hans')).toBe('zh');
      expect(detectLanguage('東京', 'ja')).toBe('ja');
      expect(detectLanguage('12345', 'ko_KR')).toBe('ko');
    });
    it('lets a script that names its language win over a wrong hint', () => {
      expect(detectLanguage('북한 노동자', 'en')).toBe('ko');
      expect(detectLanguage('ロシアの工場', 'zh')).toBe('ja');
      expect(detectLanguage('Рабочие прибыли на стройку', 'en')).toBe('ru');
      expect(detectLanguage('Рабочие', 'en')).toBeNull();
    });
    it('ignores a hint that cannot describe the script in front of it', () => {
      expect(detectLanguage('Sanctions', 'ko')).toBeNull();
      expect(detectLanguage('Кремль', 'bg')).toBe('bg');
    });
  });

  it('prefers the text over a hint when the detector is sure', () => {
    const french = "Les autorités ont confirmé que les ouvriers étaient payés en liquide par l'intermédiaire d'une société écran.";
    expect(detectLanguage(french, 'en')).toBe('fr');
  });

  describe('long articles', () => {
    const paragraph = (sentence: string) => Array.from({ length: 6 }, () => sentence).join(' ');
    it.each([
      ['fr', "Des dizaines d'ouvriers nord-coréens sont arrivés ce printemps dans un chantier naval de l'Extrême-Orient russe, selon les habitants qui les ont vus."],
      ['de', 'Dutzende nordkoreanische Arbeiter sind in diesem Frühjahr auf einer Werft im russischen Fernen Osten eingetroffen, was die Anwohner bestätigten.'],
      ['nl', 'Tientallen Noord-Koreaanse arbeiders zijn dit voorjaar aangekomen op een scheepswerf in het Russische Verre Oosten, of dat zeggen de bewoners.'],
      ['es', 'Decenas de obreros norcoreanos llegaron esta primavera a un astillero del Lejano Oriente ruso, según los vecinos que los vieron.'],
      ['it', 'Decine di operai nordcoreani sono arrivati questa primavera in un cantiere navale nel lontano oriente russo, secondo gli abitanti.'],
    ])('reads a long %s article as such, not as English', (lang, sentence) => {
      // With one English sentence quoted in it: the English check must not take the whole text for English.
      const text = `${paragraph(sentence)}\n\n"The workers said that they have not been paid," the statement read.\n\n${paragraph(sentence)}`;
      expect(detectLanguage(text)).toBe(lang);
    });

    it('reads a long English article as English, whatever the hint', () => {
      const english = paragraph('The workers said that the company, which has not paid them since March, kept their passports and would not let them leave the site.');
      expect(detectLanguage(english)).toBe('en');
      expect(detectLanguage(english, 'de')).toBe('en');
    });
  });

  it('reads a long article', () => {
    const text = 'Workers from the North were seen at the site again on Monday, the third time this month. '.repeat(2000);
    expect(detectLanguage(text)).toBe('en');
  });
});

describe('normaliseLanguageTag', () => {
  it.each([
    ['ko-KR', 'ko'],
    ['ko_KR', 'ko'],
    ['zh-Hant-TW', 'zh'],
    ['EN', 'en'],
    ['kor', 'ko'],
    ['iw', 'he'],
    ['x-default', null],
    ['*', null],
    ['', null],
    [null, null],
  ])('%s -> %s', (tag, expected) => expect(normaliseLanguageTag(tag)).toBe(expected));
});
