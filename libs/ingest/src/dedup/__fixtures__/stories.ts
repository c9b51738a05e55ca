/**
 * Hand-written news texts for the near-duplicate tests. Every outlet, source
 * and detail is invented; they imitate how the same report travels: copied
 * whole with another outlet's furniture, rewritten with a new intro and
 * shuffled quotes, or a different report on the same subject that shares the
 * vocabulary (and sometimes the background paragraph).
 */
export interface StoryFixture {
  title: string;
  text: string;
  publishedAt: Date | null;
}

const p = (...paragraphs: string[]) => paragraphs.join('\n\n');

// --- English: one Vladivostok construction report and its copies ------------

const VLADIVOSTOK_BODY = [
  'More than two hundred North Korean labourers arrived in Vladivostok in early March to work on a residential construction project, a source in the Russian port city told reporters this week.',
  "The workers entered Russia on student visas and were moved to a building site in the city's Pervomaisky district, where a local developer is putting up three apartment blocks, according to the source, who asked not to be named for security reasons.",
  '"They live in containers next to the site and work from seven in the morning until late at night," the source said. "A manager from the North\'s Ministry of Construction keeps their passports."',
  'UN Security Council Resolution 2397, adopted in December 2017, required all member states to send North Korean workers home by the end of 2019. Russia reported to the sanctions committee that it had repatriated most of them.',
  'The source said the new arrivals were recruited by a trading company in Pyongyang that has supplied labour to Russian firms for more than a decade. Each worker must hand over about 80 percent of his monthly wage, which the company collects in cash and sends back through couriers.',
  'Another resident of Vladivostok said groups of workers in identical blue overalls had been seen boarding buses near the Sedanka railway station in recent weeks. "They never speak to anyone and always move together," the resident said.',
  'Experts say the arrangement lets Pyongyang earn foreign currency while avoiding formal employment contracts that would draw attention. "Using student or trainee visas is a familiar workaround," said a researcher at a Seoul think tank who follows the North\'s overseas labour.',
  'The Russian developer did not respond to a request for comment. The Ministry of Foreign Affairs in Moscow has previously said that Russia complies with its international obligations.',
];

export const vladivostokOriginal: StoryFixture = {
  title: 'North Korean workers sent to Vladivostok apartment sites despite UN ban',
  text: p(...VLADIVOSTOK_BODY),
  publishedAt: new Date('2024-03-18T06:00:00Z'),
};

/** The same body republished by another outlet, with its own preamble and footer. */
export const vladivostokSyndicated: StoryFixture = {
  title: 'North Korean workers sent to Vladivostok apartment sites despite UN ban',
  text: p(
    'This story was first published by a partner outlet and is republished here with permission.',
    ...VLADIVOSTOK_BODY,
    'Read the original article on the partner website. Follow us on Telegram for more news from the Korean Peninsula and Northeast Asia. Copyright 2024 Asia Pacific Wire. All rights reserved.',
  ),
  publishedAt: new Date('2024-03-19T02:30:00Z'),
};

/**
 * A rewrite: new headline and intro, the quotes in the other order, the
 * background paraphrased, a paragraph dropped, a third of the sentences
 * changed and words swapped in the rest.
 */
export const vladivostokRewrite: StoryFixture = {
  title: 'Report: Hundreds of North Korean workers building flats in Vladivostok',
  text: p(
    'North Korea appears to be sending construction workers to Russia again, years after a United Nations deadline for their return, according to a report by a Seoul-based outlet that cited a source in Vladivostok.',
    'The report said more than two hundred North Korean labourers reached the Russian port city in early March to work on a residential building project.',
    '"A manager from the North\'s Ministry of Construction keeps their passports," the source was quoted as saying. "They live in containers next to the site and work from seven in the morning until late at night."',
    "The workers entered Russia on student visas and were taken to a construction site in the city's Pervomaisky district, where a local developer is building three apartment blocks, according to the source, who asked not to be named for security reasons.",
    'The source said the new arrivals were recruited by a trading company in Pyongyang that has supplied labour to Russian firms for more than a decade. Each worker must hand over about 80 percent of his monthly wage, which the company collects in cash and sends back through couriers.',
    'A 2017 Security Council resolution obliged UN member states to expel all North Korean workers by the end of 2019, and Moscow told the sanctions committee that it had sent most of them home.',
    'Experts say the arrangement lets Pyongyang earn foreign currency while avoiding formal employment contracts that would draw attention. "Using student or trainee visas is a familiar workaround," said a researcher at a Seoul think tank who follows the North\'s overseas labour.',
    'The developer did not reply to a request for comment.',
  ),
  publishedAt: new Date('2024-03-20T11:15:00Z'),
};

/** A short brief of the same report, as an aggregator would carry it: two sentences, a changed title. */
export const vladivostokBrief: StoryFixture = {
  title: 'Hundreds of N. Korean labourers reported at Vladivostok building site',
  text: p(
    'More than two hundred North Korean labourers arrived in Vladivostok in early March to work on a residential construction project, a source in the Russian port city told reporters this week.',
    "The workers entered Russia on student visas and were moved to a building site in the city's Pervomaisky district, according to the source.",
  ),
  publishedAt: new Date('2024-03-18T09:00:00Z'),
};

// --- English: different stories on the same subject --------------------------

/** Same subject, same background paragraph, different facts: must stay apart. */
export const kamchatkaFishPlant: StoryFixture = {
  title: 'North Korean workers at Kamchatka fish plant paid in cash, former staff say',
  text: p(
    'About sixty North Korean workers have been processing crab and pollock at a fish plant near Petropavlovsk-Kamchatsky since last autumn, two former employees of the plant told reporters.',
    'The workers arrived on trainee visas issued for a vocational programme and sleep in a dormitory on the plant grounds, the former employees said. They are not allowed to leave the site without a supervisor.',
    '"They were paid in cash at the end of every month, and a man from their embassy counted the money before it was handed out," one of the former employees said.',
    'UN Security Council Resolution 2397, adopted in December 2017, required all member states to send North Korean workers home by the end of 2019. Russia reported to the sanctions committee that it had repatriated most of them.',
    'The plant belongs to a fishing company registered in Khabarovsk, according to corporate records. A manager who answered the phone at its office said the company employed only Russian citizens and declined to comment further.',
    'Fish processing has long been one of the jobs given to North Korean workers in the Russian Far East, alongside construction and logging, because the work is seasonal and the sites are remote.',
  ),
  publishedAt: new Date('2024-03-21T04:00:00Z'),
};

/** A second construction story in the Far East, a month later, in the same register. */
export const khabarovskConstruction: StoryFixture = {
  title: 'North Korean builders seen at Khabarovsk sports complex, residents say',
  text: p(
    'Residents of Khabarovsk say dozens of North Korean construction workers have been working on a new sports complex on the bank of the Amur river since the end of March.',
    'The men wear work clothes without company logos and are driven to the site each morning in a white minibus, according to two residents who live nearby. One of them said he had heard the workers speaking Korean during a lunch break.',
    'A city official said the general contractor had hired a subcontractor for the concrete work and that the city did not check the subcontractor\'s staff. "That is the contractor\'s responsibility," the official said.',
    'North Korean workers have been sent to Russia on student and tourist visas since the UN deadline for their repatriation passed, according to researchers who monitor the practice. Their wages are largely collected by state companies in Pyongyang.',
    'The general contractor did not respond to questions sent by email. The regional migration office said it had no information about North Korean citizens employed in the city.',
  ),
  publishedAt: new Date('2024-04-22T08:00:00Z'),
};

/** The same outlet's boilerplate (background and footer) around two different stories five years apart. */
const OUTLET_BOILERPLATE = [
  'UN Security Council Resolution 2397, adopted in December 2017, required all member states to send North Korean workers home by the end of 2019. Russia reported to the sanctions committee that it had repatriated most of them.',
  'Experts say sending workers abroad lets Pyongyang earn foreign currency that funds its weapons programmes, and that student and trainee visas have become a familiar workaround since the ban.',
  'Korea Labour Watch is an independent newsroom covering North Korean overseas labour. Tips can be sent through our secure contact form. Follow us on Telegram and X for daily updates. All rights reserved.',
];

export const restaurant2019: StoryFixture = {
  title: 'North Korean restaurant in Vladivostok keeps waitresses despite deadline',
  text: p(
    'A North Korean restaurant in central Vladivostok was still serving customers in November with a staff of about ten waitresses from Pyongyang, weeks before the deadline for their return.',
    'A regular customer said the women had told him they expected to leave in December but had not been given tickets. The restaurant manager declined to discuss the staff.',
    ...OUTLET_BOILERPLATE,
  ),
  publishedAt: new Date('2019-11-12T03:00:00Z'),
};

export const itWorkers2024: StoryFixture = {
  title: 'North Korean IT workers found coding for Russian clients',
  text: p(
    'Freelance programmers from North Korea have been taking orders from Russian clients through a Vladivostok intermediary, according to chat logs seen by Korea Labour Watch.',
    'The intermediary advertised mobile app development at low prices and passed the work to a team based in Shenyang, the logs show. Payments were made in cryptocurrency.',
    ...OUTLET_BOILERPLATE,
  ),
  publishedAt: new Date('2024-06-04T03:00:00Z'),
};

// --- Korean ------------------------------------------------------------------

export const koreanOriginal: StoryFixture = {
  title: '北 노동자 200여명 블라디보스토크 건설현장 투입…유엔 제재 위반',
  text: p(
    '북한 노동자 200여 명이 지난 3월 초 러시아 블라디보스토크에 도착해 아파트 건설 현장에 투입된 것으로 알려졌다.',
    '현지 소식통은 이번 주 "노동자들은 학생 비자로 입국했으며 시내 페르보마이스키 지역의 건설 현장으로 옮겨졌다"고 전했다.',
    '소식통에 따르면 노동자들은 현장 옆 컨테이너에서 생활하며 아침 7시부터 밤늦게까지 일하고 있다. 북한 건설성에서 나온 관리인이 이들의 여권을 보관하고 있다고 한다.',
    '2017년 12월 채택된 유엔 안전보장이사회 결의 2397호는 모든 회원국이 2019년 말까지 북한 노동자를 송환하도록 규정했다.',
    '소식통은 새로 도착한 노동자들이 10년 넘게 러시아 기업에 인력을 공급해 온 평양의 한 무역회사를 통해 모집됐다고 밝혔다. 노동자 한 명당 월급의 약 80%를 회사에 바쳐야 하며, 회사는 이를 현금으로 거둬 인편으로 북한에 보낸다.',
    '전문가들은 이런 방식이 공식 고용계약 없이 외화를 벌 수 있는 수단이라고 지적했다.',
  ),
  publishedAt: new Date('2024-03-18T01:00:00Z'),
};

/** Another Korean outlet's rewrite: new lead, paragraphs moved, some sentences reworded. */
export const koreanRewrite: StoryFixture = {
  title: '"북한 노동자 수백명, 블라디보스토크 아파트 공사장서 일해"',
  text: p(
    '유엔 제재로 금지된 북한 노동자의 해외 파견이 러시아에서 계속되고 있다는 증언이 나왔다.',
    '북한 노동자 200여 명이 지난 3월 초 러시아 블라디보스토크에 도착해 아파트 건설 현장에 투입됐다고 대북 매체가 현지 소식통을 인용해 보도했다.',
    '북한 건설성에서 나온 관리인이 이들의 여권을 보관하고 있으며, 노동자들은 현장 옆 컨테이너에서 지내며 아침 7시부터 밤늦게까지 일한다고 소식통은 말했다.',
    '소식통은 새로 도착한 노동자들이 10년 넘게 러시아 기업에 인력을 공급해 온 평양의 한 무역회사를 통해 모집됐다고 밝혔다. 노동자 한 명당 월급의 약 80%를 회사에 바쳐야 한다.',
    '노동자들은 학생 비자로 입국해 시내 페르보마이스키 지역의 건설 현장으로 옮겨진 것으로 전해졌다.',
    '유엔 안보리 결의 2397호는 2019년 말까지 모든 북한 노동자를 돌려보내도록 하고 있다.',
  ),
  publishedAt: new Date('2024-03-19T05:00:00Z'),
};

/** A different Korean report on the same subject (workers at a Far East fish plant). */
export const koreanFishPlant: StoryFixture = {
  title: '캄차카 수산물 가공공장에 北 노동자 60여명…"월급은 현금으로"',
  text: p(
    '러시아 캄차카반도의 한 수산물 가공공장에서 북한 노동자 60여 명이 지난해 가을부터 일하고 있다고 이 공장의 전 직원 두 명이 밝혔다.',
    '전 직원들에 따르면 노동자들은 연수생 비자로 입국했으며 공장 부지 안의 기숙사에서 생활한다. 감독관 없이는 공장 밖으로 나갈 수 없다.',
    '한 전 직원은 "매달 말 현금으로 월급을 받았고, 대사관에서 나온 사람이 돈을 먼저 세었다"고 말했다.',
    '2017년 12월 채택된 유엔 안전보장이사회 결의 2397호는 모든 회원국이 2019년 말까지 북한 노동자를 송환하도록 규정했다.',
    '공장을 소유한 하바롭스크의 수산회사 관계자는 러시아 국적자만 고용하고 있다며 더 이상의 언급을 거부했다.',
  ),
  publishedAt: new Date('2024-03-21T01:00:00Z'),
};

// --- Chinese -----------------------------------------------------------------

const CHINESE_BODY = [
  '据知情人士透露，今年三月初，两百多名朝鲜工人抵达俄罗斯符拉迪沃斯托克，在当地一个住宅建设项目工作。',
  '这些工人持学生签证入境，随后被送往市内的一处工地。一名当地开发商正在那里建造三栋公寓楼。',
  '知情人士说，工人们住在工地旁边的集装箱里，每天从早上七点一直工作到深夜，他们的护照由朝鲜建设省派来的管理人员保管。',
  '联合国安理会2017年12月通过的第2397号决议要求所有成员国在2019年底前遣返朝鲜劳工。',
  '知情人士还说，每名工人须上交约八成月薪，由平壤一家贸易公司以现金方式收取，再派人带回国内。',
];

export const chineseOriginal: StoryFixture = {
  title: '两百多名朝鲜工人赴俄远东建筑工地',
  text: p(...CHINESE_BODY, '（本文版权归原作者所有，转载请注明出处。）'),
  publishedAt: new Date('2024-03-18T08:00:00Z'),
};

/** A portal's copy: its own editor's line and footer, two sentences lightly edited. */
export const chineseSyndicated: StoryFixture = {
  title: '逾两百名朝鲜工人抵达符拉迪沃斯托克工地',
  text: p(
    CHINESE_BODY[0]!,
    '这些工人持学生签证入境，之后被安排到市内的一处工地，当地一家开发商正在那里兴建三栋公寓楼。',
    ...CHINESE_BODY.slice(2),
    '责任编辑：王明。本网站所刊载信息，不代表本站观点。',
  ),
  publishedAt: new Date('2024-03-18T12:00:00Z'),
};

export const chineseFishPlant: StoryFixture = {
  title: '堪察加鱼类加工厂雇用约六十名朝鲜工人',
  text: p(
    '两名前员工透露，自去年秋天以来，约六十名朝鲜工人一直在堪察加彼得罗巴甫洛夫斯克附近的一家鱼类加工厂加工螃蟹和鳕鱼。',
    '前员工说，这些工人持实习签证入境，住在厂区内的宿舍里，没有主管陪同不得离开厂区。',
    '一名前员工说，工人每月底领取现金工资，朝鲜大使馆派来的人会先清点这些钱。',
    '联合国安理会2017年12月通过的第2397号决议要求所有成员国在2019年底前遣返朝鲜劳工。',
    '该工厂属于一家在哈巴罗夫斯克注册的渔业公司。该公司一名经理表示，公司只雇用俄罗斯公民，并拒绝进一步置评。',
  ),
  publishedAt: new Date('2024-03-21T08:00:00Z'),
};
