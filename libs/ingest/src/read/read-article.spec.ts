import { simhash64, storedStoryKeys, storyKeys } from '../dedup';
import { contentHash } from '../normalise';
import { readArticle } from './read-article';

const body = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i} says that workers sent abroad by the state were paid in part to a trading company, report ${i}.</p>`).join('');
const page = `<!doctype html><html lang="en"><head><title>Workers paid abroad</title></head><body><article><h1>Workers paid abroad</h1>${body}</article></body></html>`;
const entry = { url: 'https://news.example/a/1', feedTitle: 'Feed title', feedSummary: 'A short feed summary.', sourceLanguage: null };

describe('readArticle', () => {
  it('reads the page: its headline, its text, and fingerprints of that text', () => {
    const a = readArticle({ ...entry, html: page });
    expect(a.title).toBe('Workers paid abroad');
    expect(a.text.split('\n\n')).toHaveLength(6);
    expect(a.method).toBe('plain');
    expect(a.language).toBe('en');
    expect(a.hash).toBe(contentHash(a.title, a.text));
    expect(a.simhash).toBe(simhash64(a.text));
    expect(storedStoryKeys(a.keys)).toEqual(storedStoryKeys(storyKeys(a.text)));
    expect(a.shingleHashes.count).toBeGreaterThan(20);
  });

  it('keeps the feed entry when there is no page, or the page gives less', () => {
    const none = readArticle({ ...entry, html: null });
    expect(none).toMatchObject({ title: 'Feed title', text: 'A short feed summary.', method: null, pagePublishedAt: null });
    const empty = readArticle({ ...entry, html: '<html><body><nav>Home</nav></body></html>' });
    expect(empty.text).toBe('A short feed summary.');
    expect(readArticle({ ...entry, feedTitle: '  ', html: null }).title).toBe('(untitled)');
  });
});
