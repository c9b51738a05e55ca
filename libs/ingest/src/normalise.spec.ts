import { canonicalUrl, cleanText, contentHash, parseDate, stripTags } from './normalise';

describe('canonicalUrl', () => {
  it.each([
    ['HTTP://News.Example.ORG:80/a/b/?utm_source=x&id=3#top', 'http://news.example.org/a/b?id=3'],
    ['https://example.org:443/story/', 'https://example.org/story'],
    ['https://example.org/?b=2&a=1&fbclid=zz', 'https://example.org/?a=1&b=2'],
    ['https://example.org/', 'https://example.org/'],
    ['https://example.org:8443/x', 'https://example.org:8443/x'],
  ])('%s -> %s', (raw, expected) => expect(canonicalUrl(raw)).toBe(expected));

  it('refuses what is not a URL', () => expect(() => canonicalUrl('not a url')).toThrow());
});

describe('text clean-up', () => {
  it('folds white space but keeps paragraphs', () => {
    expect(cleanText('  one\u00a0 two\n three\n\n\n four  ')).toBe('one two three\n\nfour');
  });
  it('strips markup and decodes entities from feed snippets', () => {
    expect(cleanText(stripTags('<p>Workers &amp; <b>quotas</b></p><script>alert(1)</script>&#8220;x&#8221;'))).toBe('Workers & quotas\n\n“x”');
  });
  it('hashes identical text alike whatever its spacing or case', () => {
    expect(contentHash('Title', 'Body  text')).toBe(contentHash('title', 'body text'));
    expect(contentHash('Title', 'Body text')).not.toBe(contentHash('Title', 'Other text'));
  });
});

describe('parseDate', () => {
  it('reads RFC 822 and ISO dates', () => {
    expect(parseDate('Mon, 02 Nov 2026 08:00:00 GMT')?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(parseDate('2019-12-22T00:00:00+09:00')?.toISOString()).toBe('2019-12-21T15:00:00.000Z');
  });
  it('never invents a date', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate('yesterday-ish')).toBeNull();
    expect(parseDate('2999-01-01')).toBeNull();
  });
});
