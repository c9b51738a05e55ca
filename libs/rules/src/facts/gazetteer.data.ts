/**
 * Where North Korean workers are reported to be sent: host countries, and the
 * provinces and cities that come up in reporting. Kept deliberately to those places;
 * a general world gazetteer would turn every mention of Washington or Seoul into a
 * "place of work". North Korea itself (Pyongyang, Sinuiju...) is left out on purpose:
 * it is the context of every article, not a host country.
 *
 * How the names are matched (see place-extractor.ts):
 * - Latin and Cyrillic names on word boundaries, and only when the word in the text
 *   starts with a capital letter ("china" the porcelain is not China). Separators
 *   inside a name are loose: "St Petersburg", "St. Petersburg" and "St-Petersburg" are
 *   one alias.
 * - Russian names are written as STEMS: up to four more letters may follow, so
 *   "Сахалин" also matches "Сахалине" and "Сахалинской", and "Кита" matches "Китай",
 *   "Китае", "Китая".
 * - Chinese, Japanese and Korean names as substrings (no spaces between words; Korean
 *   glues particles on: 단둥에서). Names that are also common words are left out:
 *   Korean 오만 (Oman; also "arrogance", "50,000"), 상해 (Shanghai; "injury"), 청도
 *   (Qingdao; a South Korean county), 천진 (Tianjin; 천진난만), 산동/광동 (산동네,
 *   광동제약), 통화 (Tonghua; "currency"), 선전 (Shenzhen; "propaganda"), 샤먼 (Xiamen;
 *   "shaman"), 도하 (Doha; "river crossing"), 화룡 (Helong; 화룡점정); Chinese 万象
 *   (Vientiane; "everything"), 金边 (Phnom Penh; "gold edge"), 东港 ("east port"),
 *   通化 (inside 普通化), 共青城 (also a city in Jiangxi).
 * - "Congo" on its own is left out: it names two countries.
 */
export interface GazetteerEntry {
  /** Canonical English name, reported as PlaceFact.name. */
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Province, oblast, krai or emirate of a city. */
  region?: string;
  /** Other spellings and the names in other languages; `name` itself is always matched. */
  aliases: readonly string[];
  /** Words right after a hit that make it something else ("Tumen River", "龙井茶"). */
  notFollowedBy?: readonly string[];
}

const CN = 'CN';
const RU = 'RU';

export const GAZETTEER: readonly GazetteerEntry[] = [
  // ---- China -----------------------------------------------------------------
  { name: 'China', country: CN, aliases: ['PRC', "People's Republic of China", '중국', '中国', '中國', 'Кита', 'КНР'] },
  { name: 'Liaoning', country: CN, aliases: ['Liaoning Province', '랴오닝', '요녕', '료녕', '辽宁', '遼寧', 'Ляонин'] },
  { name: 'Jilin', country: CN, aliases: ['Jilin Province', '지린', '길림', '吉林', 'Гирин', 'Цзилин'] },
  { name: 'Heilongjiang', country: CN, aliases: ['Heilongjiang Province', '헤이룽장', '흑룡강', '黑龙江', '黑龍江', 'Хэйлунцзян'] },
  { name: 'Shandong', country: CN, aliases: ['Shandong Province', '산둥', '山东', '山東', 'Шаньдун'] },
  { name: 'Zhejiang', country: CN, aliases: ['Zhejiang Province', '저장성', '浙江', 'Чжэцзян'] },
  { name: 'Fujian', country: CN, aliases: ['Fujian Province', '푸젠', '福建', 'Фуцзян'] },
  { name: 'Guangdong', country: CN, aliases: ['Guangdong Province', '광둥', '广东', '廣東', 'Гуандун'] },
  { name: 'Jiangsu', country: CN, aliases: ['Jiangsu Province', '장쑤', '江苏', '江蘇', 'Цзянсу'] },
  { name: 'Hebei', country: CN, aliases: ['Hebei Province', '허베이', '河北', 'Хэбэй'] },
  { name: 'Inner Mongolia', country: CN, aliases: ['Nei Mongol', '내몽골', '네이멍구', '内蒙古', '內蒙古', 'Внутренн Монголи'] },
  { name: 'Tianjin', country: CN, aliases: ['톈진', '天津', 'Тяньцзин'] },
  { name: 'Beijing', country: CN, aliases: ['베이징', '북경', '北京', 'Пекин'] },
  { name: 'Shanghai', country: CN, aliases: ['상하이', '上海', 'Шанха'] },
  { name: 'Yanbian', country: CN, region: 'Jilin', aliases: ['Yanbian Korean Autonomous Prefecture', '연변', '옌볜', '延边', '延邊', 'Яньбян'] },
  { name: 'Dandong', country: CN, region: 'Liaoning', aliases: ['단둥', '단동', '丹东', '丹東', 'Даньдун'] },
  { name: 'Dalian', country: CN, region: 'Liaoning', aliases: ['다롄', '대련', '大连', '大連', 'Далян'] },
  { name: 'Shenyang', country: CN, region: 'Liaoning', aliases: ['Mukden', '선양', '심양', '沈阳', '瀋陽', '沈陽', 'Шэньян', 'Шеньян'], notFollowedBy: ['하', '했', '되', '된', '해', '함'] },
  { name: 'Donggang', country: CN, region: 'Liaoning', aliases: [] },
  { name: 'Yanji', country: CN, region: 'Jilin', aliases: ['옌지', '연길', '延吉', 'Яньцзи'] },
  { name: 'Longjing', country: CN, region: 'Jilin', aliases: ['룽징', '용정', '룡정', '龙井', '龍井', 'Лунцзин'], notFollowedBy: ['tea', '茶', '차'] },
  { name: 'Hunchun', country: CN, region: 'Jilin', aliases: ['훈춘', '珲春', '琿春', 'Хуньчун'] },
  { name: 'Tumen', country: CN, region: 'Jilin', aliases: ['투먼', '图们', '圖們', 'Тумэн'], notFollowedBy: ['River', '江', '강', 'рек'] },
  { name: 'Helong', country: CN, region: 'Jilin', aliases: ['허룽', '和龙', '和龍'] },
  { name: 'Changchun', country: CN, region: 'Jilin', aliases: ['창춘', '长春', '長春', 'Чанчун'] },
  { name: 'Tonghua', country: CN, region: 'Jilin', aliases: [] },
  { name: 'Jilin City', country: CN, region: 'Jilin', aliases: ['吉林市', '지린시', '길림시'] },
  { name: 'Harbin', country: CN, region: 'Heilongjiang', aliases: ['하얼빈', '哈尔滨', '哈爾濱', 'Харбин'] },
  { name: 'Mudanjiang', country: CN, region: 'Heilongjiang', aliases: ['목단강', '牡丹江', 'Муданьцзян'] },
  { name: 'Qingdao', country: CN, region: 'Shandong', aliases: ['Tsingtao', '칭다오', '青岛', '青島', 'Циндао'] },
  { name: 'Weihai', country: CN, region: 'Shandong', aliases: ['웨이하이', '威海', 'Вэйха'] },
  { name: 'Yantai', country: CN, region: 'Shandong', aliases: ['옌타이', '烟台', '煙台', 'Яньта'] },
  { name: 'Hangzhou', country: CN, region: 'Zhejiang', aliases: ['항저우', '杭州', 'Ханчжо'] },
  { name: 'Ningbo', country: CN, region: 'Zhejiang', aliases: ['닝보', '宁波', '寧波', 'Нинбо'] },
  { name: 'Fuzhou', country: CN, region: 'Fujian', aliases: ['푸저우', '福州', 'Фучжо'] },
  { name: 'Xiamen', country: CN, region: 'Fujian', aliases: ['厦门', '廈門', 'Сямын'] },
  { name: 'Guangzhou', country: CN, region: 'Guangdong', aliases: ['광저우', '广州', '廣州', 'Гуанчжо'] },
  { name: 'Shenzhen', country: CN, region: 'Guangdong', aliases: ['深圳', 'Шэньчжэн'] },
  { name: 'Hohhot', country: CN, region: 'Inner Mongolia', aliases: ['후허하오터', '呼和浩特', 'Хух-Хото'] },
  { name: 'Erenhot', country: CN, region: 'Inner Mongolia', aliases: ['Erlian', '얼롄하오터', '二连浩特', 'Эрэн-Хото'] },
  { name: 'Manzhouli', country: CN, region: 'Inner Mongolia', aliases: ['만저우리', '满洲里', '滿洲里'] },

  // ---- Russia ----------------------------------------------------------------
  { name: 'Russia', country: RU, aliases: ['Russian Federation', '러시아', '俄罗斯', '俄羅斯', 'ロシア', 'Росси', 'РФ'] },
  { name: 'Sakhalin', country: RU, aliases: ['Sakhalin Oblast', 'Sakhalin Island', '사할린', '萨哈林', '薩哈林', 'サハリン', 'Сахалин'] },
  { name: 'Yuzhno-Sakhalinsk', country: RU, region: 'Sakhalin', aliases: ['유즈노사할린스크', '南萨哈林斯克', 'ユジノサハリンスク', 'Южно-Сахалинск'] },
  { name: 'Primorsky Krai', country: RU, aliases: ['Primorsky Territory', 'Primorskiy Krai', 'Primorsky', 'Primorye', 'Primorie', '연해주', '프리모르스키', '滨海边疆区', '濱海邊疆區', '沿海地方', 'Приморь', 'Приморск'] },
  { name: 'Vladivostok', country: RU, region: 'Primorsky Krai', aliases: ['블라디보스토크', '블라디보스톡', '符拉迪沃斯托克', '海参崴', '海參崴', 'ウラジオストク', 'Владивосток'] },
  { name: 'Nakhodka', country: RU, region: 'Primorsky Krai', aliases: ['나홋카', '纳霍德卡', 'ナホトカ', 'Находк'] },
  { name: 'Ussuriysk', country: RU, region: 'Primorsky Krai', aliases: ['Ussuriisk', '우수리스크', '乌苏里斯克', 'Уссурийск'] },
  { name: 'Khabarovsk Krai', country: RU, aliases: ['Khabarovsk Territory', 'Khabarovsk Region', '하바롭스크주', '哈巴罗夫斯克边疆区'] },
  { name: 'Khabarovsk', country: RU, region: 'Khabarovsk Krai', aliases: ['하바롭스크', '하바로프스크', '哈巴罗夫斯克', '伯力', 'ハバロフスク', 'Хабаровск'] },
  { name: 'Komsomolsk-on-Amur', country: RU, region: 'Khabarovsk Krai', aliases: ['Komsomolsk-na-Amure', '콤소몰스크나아무레', 'Комсомольск-на-Амуре'] },
  { name: 'Amur', country: RU, aliases: ['Amur Oblast', 'Amur Region', '아무르주', '阿穆尔州', 'Амурск'], notFollowedBy: ['River', 'tiger'] },
  { name: 'Blagoveshchensk', country: RU, region: 'Amur', aliases: ['블라고베셴스크', '布拉戈维申斯克', 'Благовещенск'] },
  { name: 'Moscow', country: RU, aliases: ['모스크바', '莫斯科', 'モスクワ', 'Москв'] },
  { name: 'St Petersburg', country: RU, aliases: ['Saint Petersburg', '상트페테르부르크', '圣彼得堡', '聖彼得堡', 'Санкт-Петербург', 'Петербург'] },
  { name: 'Tuva', country: RU, aliases: ['Tyva', '투바공화국', '图瓦', 'Тыв', 'Тув'] },
  { name: 'Yakutia', country: RU, aliases: ['Sakha Republic', 'Republic of Sakha', '야쿠티아', '雅库特', 'Якути'] },
  { name: 'Yakutsk', country: RU, region: 'Yakutia', aliases: ['야쿠츠크', '雅库茨克', 'Якутск'] },
  { name: 'Novosibirsk', country: RU, region: 'Novosibirsk Oblast', aliases: ['노보시비르스크', '新西伯利亚', 'Новосибирск'] },
  { name: 'Irkutsk', country: RU, region: 'Irkutsk Oblast', aliases: ['이르쿠츠크', '伊尔库茨克', 'Иркутск'] },
  { name: 'Krasnoyarsk', country: RU, region: 'Krasnoyarsk Krai', aliases: ['크라스노야르스크', '克拉斯诺亚尔斯克', 'Красноярск'] },
  { name: 'Tomsk', country: RU, region: 'Tomsk Oblast', aliases: ['톰스크', '托木斯克', 'Томск'] },
  { name: 'Chita', country: RU, region: 'Zabaykalsky Krai', aliases: ['赤塔'] },
  { name: 'Ulan-Ude', country: RU, region: 'Buryatia', aliases: ['울란우데', '乌兰乌德', 'Улан-Удэ'] },
  { name: 'Magadan', country: RU, region: 'Magadan Oblast', aliases: ['마가단', '马加丹', 'Магадан'] },
  { name: 'Kamchatka', country: RU, aliases: ['Kamchatka Krai', '캄차카', '堪察加', 'Камчатк'] },

  // ---- Mongolia --------------------------------------------------------------
  { name: 'Mongolia', country: 'MN', aliases: ['몽골', '蒙古国', '蒙古國', '蒙古', 'モンゴル', 'Монголи'] },
  { name: 'Ulaanbaatar', country: 'MN', aliases: ['Ulan Bator', 'Ulaanbator', '울란바토르', '乌兰巴托', '烏蘭巴托', 'ウランバートル', 'Улан-Батор'] },

  // ---- Gulf ------------------------------------------------------------------
  { name: 'Kuwait', country: 'KW', aliases: ['쿠웨이트', '科威特', 'クウェート', 'Кувейт'] },
  { name: 'Kuwait City', country: 'KW', aliases: ['쿠웨이트시티', '科威特城'] },
  { name: 'Qatar', country: 'QA', aliases: ['카타르', '卡塔尔', '卡達', 'カタール', 'Катар'], notFollowedBy: ['시스'] },
  { name: 'Doha', country: 'QA', aliases: ['多哈', 'ドーハ', 'Доха', 'Дохе'] },
  { name: 'United Arab Emirates', country: 'AE', aliases: ['UAE', '아랍에미리트', '아랍 에미리트', '阿联酋', '阿聯酋', 'アラブ首長国連邦', 'ОАЭ'] },
  { name: 'Dubai', country: 'AE', region: 'Dubai', aliases: ['두바이', '迪拜', '杜拜', 'ドバイ', 'Дуба'] },
  { name: 'Abu Dhabi', country: 'AE', region: 'Abu Dhabi', aliases: ['아부다비', '阿布扎比', 'アブダビ', 'Абу-Даби'] },
  { name: 'Sharjah', country: 'AE', region: 'Sharjah', aliases: ['샤르자', '沙迦', 'Шардж'] },
  { name: 'Oman', country: 'OM', aliases: ['Оман'] },
  { name: 'Muscat', country: 'OM', aliases: ['무스카트', '马斯喀特'] },
  { name: 'Saudi Arabia', country: 'SA', aliases: ['KSA', '사우디아라비아', '사우디', '沙特阿拉伯', '沙特', 'サウジアラビア', 'Саудовск Арави'] },
  { name: 'Riyadh', country: 'SA', aliases: ['리야드', '利雅得', 'Эр-Рияд'] },
  { name: 'Jeddah', country: 'SA', aliases: ['Jiddah', '吉达', 'Джидд'] },

  // ---- Africa ----------------------------------------------------------------
  { name: 'Angola', country: 'AO', aliases: ['앙골라', '安哥拉', 'Ангол'] },
  { name: 'Luanda', country: 'AO', aliases: ['루안다', '罗安达'] },
  { name: 'Equatorial Guinea', country: 'GQ', aliases: ['적도기니', '赤道几内亚', '赤道幾內亞', 'Экваториальн Гвине'] },
  { name: 'Malabo', country: 'GQ', aliases: ['말라보', '马拉博'] },
  { name: 'Senegal', country: 'SN', aliases: ['세네갈', '塞内加尔', '塞內加爾', 'Сенегал'] },
  { name: 'Dakar', country: 'SN', aliases: ['다카르', '达喀尔'] },
  { name: 'Nigeria', country: 'NG', aliases: ['나이지리아', '尼日利亚', '奈及利亞', 'Нигери'] },
  { name: 'Tanzania', country: 'TZ', aliases: ['탄자니아', '坦桑尼亚', '坦尚尼亞', 'Танзани'] },
  { name: 'Dar es Salaam', country: 'TZ', aliases: ['다르에스살람', '达累斯萨拉姆'] },
  { name: 'Namibia', country: 'NA', aliases: ['나미비아', '纳米比亚', '納米比亞', 'Намиби'] },
  { name: 'Windhoek', country: 'NA', aliases: ['빈트후크', '温得和克'] },
  { name: 'DR Congo', country: 'CD', aliases: ['Democratic Republic of the Congo', 'Democratic Republic of Congo', 'DRC', 'Congo-Kinshasa', '콩고민주공화국', '刚果民主共和国', '剛果民主共和國', 'ДР Конго'] },
  { name: 'Kinshasa', country: 'CD', aliases: ['킨샤사', '金沙萨'] },
  { name: 'Mozambique', country: 'MZ', aliases: ['모잠비크', '莫桑比克', 'Мозамбик'] },
  { name: 'Uganda', country: 'UG', aliases: ['우간다', '乌干达', '烏干達', 'Уганд'] },
  { name: 'Ethiopia', country: 'ET', aliases: ['에티오피아', '埃塞俄比亚', '衣索比亞', 'Эфиопи'] },
  { name: 'Zimbabwe', country: 'ZW', aliases: ['짐바브웨', '津巴布韦', 'Зимбабв'] },
  { name: 'Benin', country: 'BJ', aliases: ['베냉', '贝宁', 'Бенин'] },
  { name: 'Madagascar', country: 'MG', aliases: ['마다가스카르', '马达加斯加', 'Мадагаскар'] },
  { name: 'Botswana', country: 'BW', aliases: ['보츠와나', '博茨瓦纳', 'Ботсван'] },
  { name: 'Libya', country: 'LY', aliases: ['리비아', '利比亚', 'Ливи'] },
  { name: 'Algeria', country: 'DZ', aliases: ['알제리', '阿尔及利亚', 'Алжир'] },

  // ---- South-East and South Asia ---------------------------------------------
  { name: 'Vietnam', country: 'VN', aliases: ['Viet Nam', '베트남', '越南', 'ベトナム', 'Вьетнам'] },
  { name: 'Hanoi', country: 'VN', aliases: ['하노이', '河内', '河內', 'Ханое', 'Ханой'] },
  { name: 'Ho Chi Minh City', country: 'VN', aliases: ['Saigon', '호찌민', '호치민', '胡志明市', 'Хошимин'] },
  { name: 'Laos', country: 'LA', aliases: ['Lao PDR', '라오스', '老挝', '寮國', 'ラオス', 'Лаос'] },
  { name: 'Vientiane', country: 'LA', aliases: ['비엔티안', 'Вьентьян'] },
  { name: 'Cambodia', country: 'KH', aliases: ['캄보디아', '柬埔寨', 'カンボジア', 'Камбодж'] },
  { name: 'Phnom Penh', country: 'KH', aliases: ['프놈펜', 'Пномпен'] },
  { name: 'Siem Reap', country: 'KH', aliases: ['시엠레아프', '시엠립', '暹粒'] },
  { name: 'Myanmar', country: 'MM', aliases: ['Burma', '미얀마', '缅甸', '緬甸', 'ミャンマー', 'Мьянм'] },
  { name: 'Yangon', country: 'MM', aliases: ['Rangoon', '양곤', '仰光', 'Янгон'] },
  { name: 'Malaysia', country: 'MY', aliases: ['말레이시아', '马来西亚', '馬來西亞', 'マレーシア', 'Малайзи'] },
  { name: 'Kuala Lumpur', country: 'MY', aliases: ['쿠알라룸푸르', '吉隆坡', 'Куала-Лумпур'] },
  { name: 'Indonesia', country: 'ID', aliases: ['인도네시아', '印度尼西亚', '印尼', 'インドネシア', 'Индонези'] },
  { name: 'Jakarta', country: 'ID', aliases: ['자카르타', '雅加达', 'Джакарт'] },
  { name: 'Thailand', country: 'TH', aliases: ['태국', '泰国', '泰國', 'Таиланд'] },
  { name: 'Bangkok', country: 'TH', aliases: ['방콕', '曼谷', 'Бангкок'] },
  { name: 'Nepal', country: 'NP', aliases: ['네팔', '尼泊尔', '尼泊爾', 'Непал'] },
  { name: 'Kathmandu', country: 'NP', aliases: ['카트만두', '加德满都', 'Катманду'] },

  // ---- Europe ----------------------------------------------------------------
  { name: 'Poland', country: 'PL', aliases: ['폴란드', '波兰', '波蘭', 'ポーランド', 'Польш'] },
  { name: 'Gdansk', country: 'PL', region: 'Pomerania', aliases: ['Gdańsk', '그단스크', '格但斯克', 'Гданьск'] },
  { name: 'Gdynia', country: 'PL', region: 'Pomerania', aliases: ['그디니아', '格丁尼亚', 'Гдын'] },
  { name: 'Szczecin', country: 'PL', region: 'West Pomerania', aliases: ['슈체친', '什切青', 'Щецин'] },
  { name: 'Malta', country: 'MT', aliases: ['몰타', '马耳他', '馬爾他', 'Мальт'] },
];
