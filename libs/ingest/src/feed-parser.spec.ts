import { FeedParseError } from './feed-parse.error';
import { parseFeed } from './feed-parser';

const base = 'https://feeds.example.org/news/';

describe('parseFeed', () => {
  it('reads RSS 2.0 with relative links, guids and dates', async () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>One &amp; two</title><link>/a/1</link><guid isPermaLink="false">g-1</guid><pubDate>Tue, 03 Nov 2026 09:30:00 GMT</pubDate><description>&lt;p&gt;Hello&lt;/p&gt;</description></item>
      <item><title>No date</title><link>https://other.example.org/b</link></item>
      <item><title>javascript link</title><link>javascript:alert(1)</link></item>
    </channel></rss>`;
    const items = await parseFeed(xml, 'rss', base);
    expect(items).toEqual([
      { guid: 'g-1', link: 'https://feeds.example.org/a/1', title: 'One & two', summary: 'Hello', published: new Date('2026-11-03T09:30:00Z') },
      { guid: 'https://other.example.org/b', link: 'https://other.example.org/b', title: 'No date', summary: '', published: null },
    ]);
  });

  it('reads Atom', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><id>urn:x:1</id><title>Atom entry</title><link href="https://example.org/e1"/><updated>2026-11-01T10:00:00Z</updated><summary>S</summary></entry></feed>`;
    const [item] = await parseFeed(xml, 'atom', base);
    expect(item).toMatchObject({ guid: 'urn:x:1', link: 'https://example.org/e1', title: 'Atom entry', published: new Date('2026-11-01T10:00:00Z') });
  });

  it('reads RSS 1.0 (RDF)', async () => {
    const xml = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://example.org/"><title>t</title><link>https://example.org/</link></channel>
      <item rdf:about="https://example.org/r1"><title>RDF item</title><link>https://example.org/r1</link><dc:date>2026-10-30T08:00:00Z</dc:date></item></rdf:RDF>`;
    const [item] = await parseFeed(xml, 'rdf', base);
    expect(item).toMatchObject({ link: 'https://example.org/r1', title: 'RDF item' });
  });

  it('reads JSON Feed', async () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: '7', url: 'https://example.org/j7', title: 'J', content_text: 'body', date_published: '2026-11-05T00:00:00Z' }] });
    expect(await parseFeed(json, 'json', base)).toEqual([{ guid: '7', link: 'https://example.org/j7', title: 'J', summary: 'body', published: new Date('2026-11-05T00:00:00Z') }]);
  });

  it('scrapes an HTML listing with CSS selectors', async () => {
    const html = `<ul><li class="story"><a href="/s/1">First story</a><time datetime="2026-11-04T12:00:00Z">4 Nov</time><p>Sum</p></li>
      <li class="story"><a href="/s/2">Second</a></li></ul>`;
    const items = await parseFeed(html, 'html', base, { item: 'li.story', link: 'a', date: 'time', summary: 'p' });
    expect(items.map((i) => [i.link, i.title, i.published?.toISOString() ?? null, i.summary])).toEqual([
      ['https://feeds.example.org/s/1', 'First story', '2026-11-04T12:00:00.000Z', 'Sum'],
      ['https://feeds.example.org/s/2', 'Second', null, ''],
    ]);
  });

  it('says plainly what is wrong with a document that is not the expected feed', async () => {
    await expect(parseFeed('<!DOCTYPE html><html><body>hi</body></html>', 'rss', base)).rejects.toThrow(new FeedParseError('the address returned an HTML page, not a feed'));
    await expect(parseFeed('<rss><channel><item><title>x</title>', 'rss', base)).rejects.toThrow(/the feed is not valid XML/);
    await expect(parseFeed('{"items": []}', 'json', base)).rejects.toThrow('the document is not a JSON Feed (no "version" or "items")');
    await expect(parseFeed('<html></html>', 'html', base, null)).rejects.toThrow('an html source needs selectors.item and selectors.link');
  });
});
