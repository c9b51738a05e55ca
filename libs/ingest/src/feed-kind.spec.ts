import { detectFeedKind } from './feed-kind';

const base = 'https://news.example.org/korea/';

describe('detectFeedKind', () => {
  it.each([
    ['<?xml version="1.0"?>\n<!-- generator -->\n<rss version="2.0"><channel/></rss>', 'rss'],
    ['\uFEFF<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', 'atom'],
    ['<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', 'rdf'],
    ['{"version": "https://jsonfeed.org/version/1.1", "items": []}', 'json'],
  ])('recognises %s', (body, kind) => expect(detectFeedKind(body, base)).toEqual({ kind }));

  it('points from an HTML page to the feeds it advertises', () => {
    const html = `<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/korea/rss.xml"><link rel="stylesheet" href="/s.css"></head><body></body></html>`;
    expect(detectFeedKind(html, base)).toEqual({ kind: null, reason: 'the address is an HTML page, not a feed', feedLinks: ['https://news.example.org/korea/rss.xml'] });
  });

  it('says what it got otherwise', () => {
    expect(detectFeedKind('{"items": []}', base)).toMatchObject({ kind: null, reason: 'the address returned JSON that is not a JSON Feed' });
    expect(detectFeedKind('plain words', base)).toMatchObject({ kind: null, reason: 'the address returned neither a feed nor an HTML page' });
  });
});
