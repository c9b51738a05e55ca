import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { extractArticle } from './article-extractor';
import { blockParagraphs } from './block-text';
import { runReadability } from './readability-runner';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const now = new Date('2024-06-01T00:00:00Z');
const extract = (html: string, selector?: string | null) => extractArticle(html, { url: 'https://news.example/story/1', selector, now });

/** Clean paragraphs: single spaces, no stray line breaks, paragraphs split by exactly one blank line. */
function expectCleanParagraphs(text: string): void {
  for (const paragraph of text.split('\n\n')) {
    expect(paragraph).toBe(paragraph.trim());
    expect(paragraph).not.toMatch(/\s{2}|[\t\n]/);
    expect(paragraph.length).toBeGreaterThan(0);
  }
}

describe('extractArticle on news pages', () => {
  describe.each([
    {
      file: 'en-news.html',
      title: 'Shipyard in Nakhodka hired North Korean welders, invoices show',
      byline: 'Mira Castell',
      publishedAt: '2024-05-13T22:30:00.000Z',
      lang: 'en',
      paragraphs: 7,
      body: [
        'A ship repair yard in the Russian port of Nakhodka paid a Chinese-registered agency',
        'describe the men as "technical trainees"',
        'escorted by a minder whenever they left it.',
        'Payments routed through an agency',
        'shares a phone number with a trading firm',
        'The yard\'s owner did not answer written questions.',
        'most of the money went to the agency rather than the workers.',
      ],
      noise: [
        'Skip to content', 'Search the Ledger', 'We use cookies', 'By Mira Castell', 'Facebook', 'Advertisement', 'loadAd',
        'Photo: agency file', 'Get the Asia Briefing', 'Subscribe to our newsletter', 'Read more', 'Fishing quotas',
        'Sanctions\n', 'All rights reserved', 'Port cranes idle', 'shortage of spare parts', 'harbourwatcher',
        'everybody on the docks', 'Most read', 'Ferry timetable', 'published in Busan', 'About us', 'dataLayer', '.sidebar',
      ],
    },
    {
      file: 'ko-news.html',
      title: '"北 노동자 40여명 나홋카 조선소서 용접"…중국 업체 통해 임금 지급',
      byline: '이서윤 기자',
      publishedAt: null, // the page prints "입력 2024.05.14 09:12" in its text only: never guessed from text
      lang: 'ko',
      paragraphs: 5,
      body: [
        '러시아 나홋카의 한 선박 수리 조선소가 지난해 북한 용접공 40여 명의',
        "송장에는 노동자들이 '기술 연수생'으로 기재돼 있었다.",
        '현장을 벗어날 때마다 감시원이 따라붙었다고 말했다.',
        '중국 접경 도시 훈춘에 첫 지급 8개월 전에 등록됐다.',
        '조선소 측은 서면 질의에 답하지 않았다.',
      ],
      noise: [
        '정치', '입력 2024', '카카오톡', '링크복사', '광고', 'showAd', 'seoyun.lee@', '무단전재', '관련기사', '항만 물동량',
        '댓글', '답답합니다', '많이 본 뉴스', '여객선', '대표전화', 'All rights reserved', '_ga',
      ],
    },
    {
      file: 'zh-news.html',
      title: '纳霍德卡船厂雇用朝鲜焊工 发票显示经中国中介付款',
      byline: undefined,
      publishedAt: '2024-05-14T10:05:00.000Z', // "2024-05-14 10:05:00" has no zone: read as UTC, never shifted by the server's zone
      lang: 'zh',
      paragraphs: 5,
      body: [
        '俄罗斯纳霍德卡港一家船舶修理厂去年向一家在中国注册的中介公司支付费用',
        '将这些工人称为“技术实习生”',
        '每次离开厂区都有看管人员陪同。',
        '韩国官员认为该贸易公司与朝鲜造船部门有关联。',
        '船厂所有者没有回答书面提问。',
      ],
      noise: [
        '首页', '下载客户端', '正文', '来源：港口日报', '分享到', '微博', '广告', 'BAIDU_CLB', '责任编辑', '未经授权',
        '相关新闻', '吞吐量', '扫码关注', '热点新闻', '渡轮', 'ICP', '_hmt',
      ],
    },
    {
      file: 'ru-news.html',
      title: 'Верфь в Находке наняла сварщиков из КНДР через китайское агентство',
      byline: 'Ольга Лебедева', // the JSON-LD is broken (trailing comma): read from the page's author element
      publishedAt: '2024-05-14T02:00:00.000Z', // from <time> in the article, since the JSON-LD cannot be parsed
      lang: 'ru',
      paragraphs: 4,
      body: [
        'Судоремонтная верфь в порту Находка в прошлом году оплачивала китайскому кадровому агентству',
        'рабочие названы «техническими стажёрами»',
        'только в сопровождении надзирателя.',
        'Владелец верфи не ответил на письменные вопросы.',
      ],
      noise: [
        'Главная', 'Экономика', '14 мая 2024', 'Читайте также', 'Квоты на вылов', 'Подписывайтесь', 'ВКонтакте',
        'Материалы по теме', 'Грузооборот', 'Популярное', 'расписание паромов', 'Все права защищены', 'перепечатке',
      ],
    },
  ])('$file', ({ file, title, byline, publishedAt, lang, paragraphs, body, noise }) => {
    const page = extract(fixture(file));

    it('finds the article with Readability', () => expect(page.method).toBe('readability'));
    it('reads the metadata', () => {
      expect(page.title).toBe(title);
      expect(page.byline).toBe(byline);
      expect(page.publishedAt?.toISOString() ?? null).toBe(publishedAt);
      expect(page.lang).toBe(lang);
    });
    it('keeps every paragraph of the body, as clean paragraphs', () => {
      for (const sentence of body) expect(page.text).toContain(sentence);
      expect(page.text.split('\n\n')).toHaveLength(paragraphs);
      expectCleanParagraphs(page.text);
    });
    it.each(noise)('drops %j', (bit) => expect(page.text).not.toContain(bit));
  });
});

describe('the source selector', () => {
  const html = fixture('en-news.html');

  it('takes the body from the selector, still without the noise inside it', () => {
    const page = extract(html, '.story-body');
    expect(page.method).toBe('selector');
    expect(page.text).toContain('A ship repair yard in the Russian port of Nakhodka');
    expect(page.text).toContain('most of the money went to the agency rather than the workers.');
    for (const bit of ['Advertisement', 'Subscribe to our newsletter', 'Read more', 'Photo: agency file']) expect(page.text).not.toContain(bit);
    expect(page.title).toBe('Shipyard in Nakhodka hired North Korean welders, invoices show');
    expectCleanParagraphs(page.text);
  });

  it('joins every outermost match in page order', () => {
    const page = extract('<html><body><div class="part"><p>First part of the story, which is long enough.</p></div><aside>Side</aside><div class="part"><p>Second part of the story, also long enough.</p></div></body></html>', '.part');
    expect(page).toMatchObject({ method: 'selector', text: 'First part of the story, which is long enough.\n\nSecond part of the story, also long enough.' });
  });

  it.each([
    ['matches nothing (the site was redesigned)', '.article-body-v2'],
    ['is not valid CSS', 'div[class='],
    ['matches only furniture', '.ad-sidebar'],
  ])('falls back to Readability when it %s', (_, selector) => {
    const page = extract(html, selector);
    expect(page.method).toBe('readability');
    expect(page.text).toContain('A ship repair yard in the Russian port of Nakhodka');
  });
});

describe('the headline inside the article', () => {
  const body = Array.from({ length: 4 }, (_, i) => `<p>Paragraph ${i}: the workers were paid through a trading company registered in the port city, officials said.</p>`).join('');
  it.each([
    ['in other case and punctuation', 'Workers Paid Through a Trading Company', '<h2>WORKERS -- paid through a &quot;trading company&quot;!</h2>'],
    ['in Korean, with full-width forms', '북한 노동자 임금 송금', '<h2>북한 노동자, 임금 송금！</h2>'],
  ])('is left out of the text when it repeats the page title %s', (_, title, heading) => {
    const page = extract(`<html><head><title>${title}</title></head><body><article>${heading}${body}</article></body></html>`);
    expect(page.text.split('\n\n')).toHaveLength(4);
    expect(page.text).not.toMatch(/WORKERS|임금 송금/);
  });

  it.each([
    ['longer', '<h2>Workers paid through a trading company, again</h2>'],
    ['shorter', '<h2>Workers paid through a trading</h2>'],
    ['with one letter changed', '<h2>Workers paid through a trading companz</h2>'],
  ])('is kept when it only looks like the page title: %s', (_, heading) => {
    const page = extract(`<html><head><title>Workers Paid Through a Trading Company</title></head><body><article>${heading}${body}</article></body></html>`);
    expect(page.text.split('\n\n')).toHaveLength(5);
    expect(page.text.split('\n\n')[0]).toBe(heading.replace(/<\/?h2>/g, ''));
  });
});

describe('pages without an article', () => {
  it.each([
    ['an index page of headlines', fixture('en-index.html')],
    ['an error page', '<html><head><title>Not found</title></head><body><h1>Page not found</h1><p>Sorry, we could not find that page.</p><a href="/">Home</a></body></html>'],
    ['an empty string', ''],
    ['an empty document', '<html><head></head><body></body></html>'],
    ['a consent wall', '<html><body><div class="consent"><p>We and our partners use cookies. Accept to continue.</p></div><noscript>Enable JavaScript</noscript><script>render()</script></body></html>'],
  ])('gives empty text from %s', (_, html) => {
    const page = extract(html);
    expect(page).toMatchObject({ text: '', method: 'fallback' });
  });

  it('still reads the metadata of a page without an article', () => {
    expect(extract(fixture('en-index.html'))).toMatchObject({ title: 'Asia', lang: 'en', publishedAt: null });
  });
});

describe('robustness', () => {
  it('reads a malformed page (unclosed tags, a page-wide <form>, an unterminated comment)', () => {
    const page = extract(fixture('malformed.html'));
    expect(page.title).toBe('Workers seen at Ussuriysk market');
    expect(page.text).toContain('unloading vegetable trucks at the central market in Ussuriysk');
    expect(page.text).toContain('paid the market\'s loading contractor in cash & never the workers themselves.');
    expect(page.text).toContain('Local police said they had received no complaints about the loaders.');
    expect(page.text).not.toContain('injected by script');
    expect(page.text).not.toMatch(/^Home|News\n/);
    expect(page.lang).toBeNull();
  });

  it('reads a bare fragment and a body written with <br>s', () => {
    const fragment = extract(
      '<p>First paragraph of a story without any page around it, which goes on long enough to be prose, and then some more.</p>' +
        '<p>Second paragraph, which also goes on for long enough to count as prose here, with a clause or two added to it.</p>',
    );
    expect(fragment.text.split('\n\n')).toHaveLength(2);
    const lines = [1, 2, 3, 4].map((i) => `Line ${i} of the report, which goes on for a good while so that it reads as prose, not a label.<br><br>`);
    const br = extract(`<html><body><div id="txt">${lines.join('\n')}</div></body></html>`);
    expect(br.text.split('\n\n')).toHaveLength(4);
  });

  it('never runs the page\'s scripts', () => {
    const g = globalThis as { pwned?: boolean };
    const html = fixture('en-news.html').replace(
      '</body>',
      '<script>globalThis.pwned = true; window.top.pwned = true;</script><img src="x" onerror="globalThis.pwned = true"><svg onload="globalThis.pwned = true"></svg></body>',
    );
    extract(html);
    expect(g.pwned).toBeUndefined();
  });

  it('never fetches what the page refers to', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('body { color: red }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const refs = [
        `<link rel="stylesheet" href="${base}/style.css">`,
        `<img src="${base}/img.png">`,
        `<iframe src="${base}/frame.html"></iframe>`,
        `<script src="${base}/app.js"></script>`,
        `<object data="${base}/obj"></object>`,
        `<p style="background: url(${base}/bg.png)">A paragraph with a background image that is long enough to be prose here.</p>`,
      ].join('');
      extractArticle(fixture('en-news.html').replace('</article>', `${refs}</article>`), { url: `${base}/story`, now });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hits).toEqual([]);
    } finally {
      server.close();
    }
  });
});

describe('publication date and language', () => {
  const page = (head: string, body = '') =>
    extract(`<html${head.includes('<html') ? '' : ''}><head>${head}</head><body>${body}<article><p>${'Text of the article that is long enough to be prose. '.repeat(6)}</p></article></body></html>`);

  it('prefers the article:published_time meta, then JSON-LD, then the article\'s <time>', () => {
    expect(page('<meta property="article:published_time" content="2024-05-01T10:00:00Z"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-04-01T10:00:00Z"}</script>').publishedAt?.toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(page('<script type="application/ld+json">[{"@type":"NewsArticle","datePublished":"2024-04-01T10:00:00Z"}]</script>').publishedAt?.toISOString()).toBe('2024-04-01T10:00:00.000Z');
    expect(page('', '<article><time datetime="2024-03-01">1 March</time></article>').publishedAt?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it('skips a bad candidate for the next good one', () => {
    const p = page('<meta property="article:published_time" content="not a date"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-04-01T10:00:00Z"}</script>');
    expect(p.publishedAt?.toISOString()).toBe('2024-04-01T10:00:00.000Z');
  });

  it.each([
    ['absent', ''],
    ['unparseable', '<meta property="article:published_time" content="last Tuesday">'],
    ['in the future', '<meta property="article:published_time" content="2031-01-01T00:00:00Z">'],
    ['ambiguous', '<meta name="date" content="05/03/2024">'],
  ])('is null when %s', (_, head) => expect(page(head).publishedAt).toBeNull());

  it('does not take a date from a list of related links', () => {
    const related = '<ul><li><time datetime="2024-05-01">1 May</time> One</li><li><time datetime="2024-05-02">2 May</time> Two</li></ul>';
    expect(page('', related).publishedAt).toBeNull();
  });

  it('reads the declared language from <html lang>, then og:locale', () => {
    expect(extract('<html lang="ko-KR"><body><p>x</p></body></html>').lang).toBe('ko');
    expect(page('<meta property="og:locale" content="zh_CN">').lang).toBe('zh');
    expect(page('').lang).toBeNull();
  });
});

describe('speed', () => {
  /** A 2 MB page: the fixture padded with inline scripts and styles, a long sidebar and thousands of comments. */
  function hugePage(): string {
    const comment = (i: number) => `<div class="comment"><p class="comment-author">reader${i}</p><p>Comment ${i}: I have seen this at the port many times, and nobody ever acts on it, which is frustrating.</p></div>`;
    const link = (i: number) => `<li><a href="/x/${i}">Related headline number ${i} about shipping and ports in the region</a></li>`;
    return fixture('en-news.html')
      .replace('</head>', `<script>${'var config = {"a": [1,2,3], "b": "xyz"};\n'.repeat(15000)}</script><style>${'.c{color:#333;margin:0 auto}\n'.repeat(7000)}</style></head>`)
      .replace('<aside class="sidebar">', `<aside class="sidebar"><ul>${Array.from({ length: 3500 }, (_, i) => link(i)).join('')}</ul>`)
      .replace('<section id="comments" class="comments">', `<section id="comments" class="comments">${Array.from({ length: 5000 }, (_, i) => comment(i)).join('')}`);
  }

  it('extracts a 2 MB page in well under a second', () => {
    const html = hugePage();
    expect(html.length).toBeGreaterThan(2e6);
    const page = extract(html);
    expect(page.method).toBe('readability');
    expect(page.text).toContain('A ship repair yard in the Russian port of Nakhodka');
    expect(page.text).not.toContain('Comment 1:');
  });

  it.each([
    ['never-closed tags nested 180,000 deep', `<html><body>${'<div><font><b>text '.repeat(60000)}</body></html>`],
    ['properly closed tags nested 40,000 deep', `<html><body>${'<div><span>'.repeat(40000)}Deep text about the workers at the port.${'</span></div>'.repeat(40000)}</body></html>`],
    ['binary garbage decoded as text', Array.from({ length: 2e6 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['2 MB of prose in one table cell', `<html><body><table><tr><td>${'<p>The inspectors visited the site, counted the workers, and wrote down what the managers said.</p>'.repeat(20000)}</td></tr></table></body></html>`],
  ])('copes with %s', (_, html) => {
    // A hang would fail by the suite's time limit; speed is the ingestion benchmark's to measure.
    const page = extract(html);
    expect(typeof page.text).toBe('string');
  });
});

describe('a short article in a declared body', () => {
  it('is kept rather than lost to the feed summary', () => {
    const html = `<html><body><nav>Home | About | Contact</nav><article><h1>Brief</h1>
      <p>Pyongyang told its builders in Vladivostok to stay on for another year.</p></article><footer>All rights reserved</footer></body></html>`;
    const page = extractArticle(html, { url: 'https://news.example.org/brief' });
    expect(page.text).toBe('Pyongyang told its builders in Vladivostok to stay on for another year.');
  });
});

describe('plain pages, read without Readability', () => {
  const paragraphs = [
    'Managers at two fish processing plants near Dalian say the North Korean women who work there were told this autumn that they would not be going home.',
    'Their residence permits expired in the summer, but the trading company in Pyongyang that placed them ordered them to keep working until further notice.',
    'A Chinese supervisor said the women now work twelve-hour shifts and hand most of their pay to a minder from their own country.',
    'Local officials have not inspected the plants since the spring, according to two people who deal with the companies.',
  ];
  const plainPage = (inside = '', outside = '') =>
    `<!DOCTYPE html><html><head><title>Fish plant workers kept on</title></head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>` +
    `<article><h1>Fish plant workers kept on</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}${inside}</article>${outside}<footer>Outlet One, all rights reserved</footer></body></html>`;
  /** What Readability makes of the same page, read into paragraphs the way extractArticle reads its output. */
  const viaReadability = (html: string) => {
    const result = runReadability(html, 'https://news.example/story/1');
    return result ? blockParagraphs(cheerio.load(result.content).root()[0]!, 'Fish plant workers kept on').join('\n\n') : null;
  };

  it('reads an article body of plain paragraphs directly, to the same text Readability gives', () => {
    const html = plainPage('<p>The plants also employ local workers, who say the group lives in a dormitory <em>next to</em> the <a href="/gate">factory gate</a>.</p>');
    const page = extract(html);
    expect(page).toMatchObject({ method: 'plain', title: 'Fish plant workers kept on' });
    expect(page.text).toBe(viaReadability(html));
    expect(page.text.split('\n\n')).toHaveLength(5);
    for (const bit of ['Home', 'all rights reserved', 'Fish plant workers kept on']) expect(page.text).not.toContain(bit);
  });

  it.each([
    ['a wrapper left inside the body (an embedded widget, a teaser)', plainPage('<div class="embed"><p>Watch the video of the plant gates, filmed by a local resident last week.</p></div>')],
    ['prose outside the body (a second column)', plainPage('', `<div>${paragraphs.map((p) => `<p>${p.replace('Dalian', 'Dandong')}</p>`).join('')}</div>`)],
    ['a body that is mostly links', plainPage(`<ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/s/${i}">Another story about fish plants and their workers, number ${i}</a></li>`).join('')}</ul>`)],
  ])('leaves a page with %s to Readability', (_, html) => {
    expect(extract(html).method).not.toBe('plain');
  });
});
