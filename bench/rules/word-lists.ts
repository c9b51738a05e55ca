/**
 * Word lists for the generated benchmark corpus. Sentences are templates whose {slots}
 * are filled from the lists below: mostly everyday news (business, weather, sport,
 * local politics), some reports on North Korean workers abroad, some near misses
 * (North Korea in other contexts, other nationalities' workers), and Korean, Chinese
 * and Russian paragraphs. Written for this benchmark; no article text is copied.
 */

export const SLOTS: Record<string, readonly string[]> = {
  official: ['officials', 'the ministry', 'a spokesperson', 'analysts', 'local residents', 'the regional governor', 'the mayor', 'police', 'the company', 'investors', 'the council', 'union leaders', 'the central bank', 'economists', 'the coach', 'organisers', 'inspectors', 'the committee'],
  said: ['said', 'announced', 'reported', 'warned', 'confirmed', 'denied', 'told reporters', 'wrote in a statement', 'claimed', 'insisted', 'estimated', 'noted'],
  topic: ['the harbour expansion', 'interest rates', 'the election results', 'the football season', 'flood defences', 'the new railway line', 'tax reforms', 'a software update', 'the trade fair', 'grain exports', 'the hospital budget', 'rent controls', 'the airport tender', 'school closures', 'the fishing quota', 'power prices', 'the bridge repairs', 'the film festival', 'the bond auction', 'tourist numbers'],
  change: ['rose', 'fell', 'climbed', 'dropped', 'stayed flat', 'doubled', 'slipped', 'recovered', 'surged', 'eased'],
  percent: ['1.7 percent', '3%', '12 per cent', '0.4 percent', 'a fifth', 'nearly half', '8.5%', 'two points'],
  when: ['on Monday', 'on Tuesday', 'last week', 'in March', 'this year', 'over the weekend', 'in the third quarter', 'since January', 'on Dec. 22', 'early on Friday', 'in 2019', 'by midnight'],
  city: ['Lisbon', 'Osaka', 'Hamburg', 'Lagos', 'Lima', 'Krakow', 'Perth', 'Leeds', 'Monterrey', 'Izmir', 'Busan', 'Tianjin', 'Vladivostok', 'Dandong', 'Ulaanbaatar', 'Doha', 'Kuwait City', 'Hanoi', 'Novosibirsk', 'Shenyang'],
  team: ['the home side', 'the visitors', 'the champions', 'the under-21 squad', 'the league leaders', 'the relegated club'],
  weather: ['heavy rain', 'a heat wave', 'strong winds', 'an early frost', 'fog', 'snowstorms', 'a dry spell'],
  thing: ['the new stadium', 'the port', 'the power plant', 'the shopping centre', 'the motorway', 'the museum', 'the steelworks', 'the data centre', 'the ferry terminal', 'the wind farm'],
  money: ['$4.2 million', '150 million yuan', '2.3 billion rubles', '€800,000', '12,000 dollars', '3,400 yuan a month', '70,000 rubles'],
  count: ['about 150', 'more than 200', 'several dozen', 'around 40', 'hundreds of', 'some 3,000', '70', 'up to 500'],
  dprk: ['North Korean', 'DPRK', 'North Korean', 'N. Korean', 'Pyongyang-dispatched'],
  workers: ['workers', 'labourers', 'laborers', 'construction workers', 'seamstresses', 'loggers', 'fish plant workers', 'waitresses', 'builders', 'crews', 'IT workers'],
  host: ['Russia', 'China', 'Mongolia', 'Kuwait', 'Qatar', 'Poland', 'Laos', 'the UAE', 'Cambodia', 'Malaysia'],
  place: ['Vladivostok', 'Dandong', 'Dalian', 'Sakhalin', 'Hunchun', 'Yanji', 'Shenyang', 'Ulaanbaatar', 'Khabarovsk', 'Tumen', 'the Amur region', 'Liaoning province'],
  site: ['building site', 'seafood plant', 'garment factory', 'logging camp', 'restaurant', 'shipyard', 'textile mill', 'farm'],
  removal: ['deported', 'sent home', 'expelled', 'repatriated', 'sent back across the border', 'ordered to leave'],
  visa: ['student', 'trainee', 'tourist', 'visitor', 'short-term business'],
  nationality: ['Vietnamese', 'Uzbek', 'Filipino', 'Nepali', 'Indonesian', 'Tajik', 'Ukrainian'],
};

/** Everyday news: most of what a news monitor reads. */
export const EN_OFF_TOPIC = [
  '{official} {said} that {topic} would be reviewed {when}.',
  'Prices for {topic} {change} {percent} {when}, according to figures released in {city}.',
  'In {city}, {weather} disrupted traffic {when}, and {official} urged drivers to stay at home.',
  '{team} won 2-1 {when}, lifting them to third place in the table.',
  'Construction of {thing} in {city} will cost {money}, {official} {said}.',
  'The survey of 1,200 households was carried out by an independent institute {when}.',
  '{official} {said} the inspection of {thing} had found no irregularities.',
  'Shipping traffic through {city} has recovered since {weather} passed {when}.',
  'Shares in the operator of {thing} {change} {percent} after the results.',
  'A delegation from {city} toured {thing} and met business leaders {when}.',
  'Mr. Alvarez, who has run the club since 2015, {said} he would step down at the end of the season.',
  'The U.S. and EU trade envoys met in {city} to discuss tariffs on steel and aluminium.',
  'Workers at {thing} in {city} went on strike over pay {when}, {official} {said}.',
  'Tickets for the concert sold out within 20 minutes, organisers in {city} said.',
  'The government of {host} {said} it would spend {money} on new hospitals.',
  'Hotel workers in {city} welcomed the rise in tourist numbers {when}.',
  'The loyalty scheme of the supermarket chain now gives double points on fuel.',
  'Researchers in {city} published a study on sleep and screen time {when}.',
  'The council approved plans for {thing}, despite objections from local residents.',
  'Gen. Ortega, the army chief, inspected flood defences near {city} {when}.',
];

/** Reports on North Korean workers abroad, in the situations the default pack watches. */
export const EN_ON_TOPIC = [
  '{count} {dprk} {workers} at a {site} in {place} were {removal} {when}, {official} {said}.',
  'Pyongyang ordered its {workers} in {place} to stay until the end of the year, a source said.',
  '{dprk} {workers} arrived in {host} on {visa} visas and went straight to a {site}.',
  'Managers collect loyalty money of {money} from each {dprk} worker in {place}, according to the report.',
  'The stays of {dprk} {workers} at a {site} near {place} have been extended again.',
  '{dprk} IT workers used fake identities to win remote jobs with firms abroad, investigators said.',
  'Under resolution 2397, all {dprk} workers abroad should have been repatriated by Dec. 22, 2019.',
  'A {site} in {place} cancelled the contracts of {count} {dprk} {workers} {when}.',
  'Despite the sanctions, {dprk} {workers} remain in {host}, {official} {said}.',
  'Most of the wages of {dprk} {workers} in {place} are handed over to the state, a former manager said.',
  'The {dprk} trading company {entity} runs a {site} in {place} with {count} workers.',
  '{entity} Trading Co. sent {count} {dprk} {workers} to {place} as industrial trainees.',
];

/** North Korea or foreign workers, but not the evasion the pack looks for. */
export const EN_NEAR_MISS = [
  'North Korea launched a ballistic missile into the sea {when}, {official} {said}.',
  '{nationality} workers overstayed their visas in {city}, the immigration office said.',
  'The resolution requires member states to repatriate North Korean workers at the end of their contracts.',
  'North Korean students received scholarships to study engineering in {city}.',
  'The Workers\' Party of Korea held a plenary meeting in Pyongyang {when}.',
  'Restaurants in {city} hired more {nationality} waitresses for the summer season.',
];

export const KO_SENTENCES = [
  '{ko_place}에 파견된 북한 노동자 약 300명이 본국으로 송환됐다.',
  '북한 당국은 노동자들에게 계속 일하라고 지시했다.',
  '서울의 아파트 가격이 지난달 0.4% 올랐다고 정부가 밝혔다.',
  '{ko_entity} 관계자는 새로운 공장이 내년에 문을 연다고 말했다.',
  '중국 공장이 북한 근로자들과의 계약을 해지했다.',
  '프로야구 개막전에 관중 2만 명이 몰렸다.',
  '기상청은 주말에 강한 바람이 불 것이라고 예보했다.',
  '북한 노동자들이 유학생 비자로 러시아에 입국했다는 보도가 나왔다.',
];

export const ZH_SENTENCES = [
  '据报道，约300名朝鲜工人在{zh_place}的工厂工作，每人每月上缴3400元。',
  '中国一家工厂解除了与七十名朝鲜工人的合同，他们已被遣返。',
  '{zh_entity}公司表示，新港口将于明年投入使用。',
  '今年一季度，全国进出口总额同比增长百分之五。',
  '气象台预计本周末将有大风降温天气。',
  '朝鲜当局下令在辽宁的劳工继续留在中国，推迟回国。',
  '市政府宣布将投资两亿元改造老旧小区。',
];

export const RU_SENTENCES = [
  'Около 500 северокорейских рабочих на Сахалине были депортированы в прошлом месяце.',
  'Цены на жилье во Владивостоке выросли на 3% за год, сообщает агентство.',
  'Рабочих из КНДР отправили домой после расторжения контрактов.',
  'Компания {ru_entity} объявила о строительстве нового терминала в {ru_place}.',
  'Тысячи северокорейских рабочих продолжают работать на стройках несмотря на санкции.',
  'Сборная России сыграла вничью с командой Сербии.',
  'Синоптики обещают сильные морозы в Сибири на следующей неделе.',
];

export const LOCAL_SLOTS: Record<string, readonly string[]> = {
  ko_place: ['단둥', '블라디보스토크', '선양', '사할린', '다롄'],
  zh_place: ['丹东', '大连', '珲春', '延吉', '沈阳'],
  ru_place: ['Находке', 'Хабаровске', 'Владивостоке', 'Уссурийске'],
};

/** Syllables for entity names (companies, people, places) in four scripts. */
export const LATIN_SYLLABLES = ['hwa', 'song', 'kal', 'mor', 'dae', 'ryong', 'pak', 'sin', 'tan', 'gor', 'vel', 'chon', 'mun', 'ri', 'nam', 'bul', 'sae', 'kum', 'yo', 'lim', 'tae', 'han', 'jin', 'ok', 'sul', 'bor', 'zen', 'ka', 'mi', 'dor'];
export const HANGUL_SYLLABLES = ['화', '성', '칼', '모', '대', '룡', '박', '신', '탄', '고', '벨', '천', '문', '리', '남', '불', '새', '금', '요', '림'];
export const HAN_CHARACTERS = ['华', '星', '卡', '摩', '大', '龙', '朴', '新', '坦', '高', '贝', '川', '文', '利', '南', '佛', '赛', '金', '耀', '林'];
export const CYRILLIC_SYLLABLES = ['ка', 'лин', 'мор', 'вет', 'бар', 'зол', 'ток', 'рин', 'сев', 'дар', 'нов', 'пол', 'гор', 'тан', 'вол', 'мир', 'лес', 'дон', 'кам', 'сол'];
