import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArticleFileError } from './article-file.error';
import { parseTextArticle, readArticleFile } from './article-file.reader';

describe('parseTextArticle', () => {
  it('reads Title, Source and Date headers in any order and case, then the body after one blank line', () => {
    const a = parseTextArticle('a.txt', 'source: Wire\nTITLE:  Workers sent home \nDate: 2024-03-25\n\nBody line one.\n\nBody line two.\n');
    expect(a).toEqual({ title: 'Workers sent home', source: 'Wire', date: new Date('2024-03-25'), text: 'Body line one.\n\nBody line two.\n' });
  });

  it('takes the whole file as body when it has no headers, and keeps Windows line ends in the body', () => {
    expect(parseTextArticle('a.txt', 'North Korean workers left.\r\nMore.')).toEqual({ title: '', text: 'North Korean workers left.\r\nMore.' });
    expect(parseTextArticle('a.txt', 'Title: T\r\n\r\nBody\r\n')).toEqual({ title: 'T', text: 'Body\r\n' });
  });

  it('stops at the first line that is not a new header, so a body may start with "Title:"-like text', () => {
    expect(parseTextArticle('a.txt', 'Title: A\nTitle: B\n')).toEqual({ title: 'A', text: 'Title: B\n' });
    expect(parseTextArticle('a.txt', 'Title: A\nNo blank line here.')).toEqual({ title: 'A', text: 'No blank line here.' });
  });

  it('rejects a Date header that is not a date, and headers with nothing else', () => {
    expect(() => parseTextArticle('a.txt', 'Date: last Tuesday\n\nText')).toThrow(
      new ArticleFileError('a.txt', 'the Date: header "last Tuesday" is not a date (write e.g. 2024-03-25)'),
    );
    expect(() => parseTextArticle('a.txt', 'Source: Wire\n\n')).toThrow('a.txt: has headers but no title or text');
  });
});

describe('readArticleFile', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sm-article-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads HTML by extension or by content, through the extractor it is given', () => {
    const html = '<html><head><title>T</title></head><body><article><h1>Headline</h1><p>One.</p><p>Two.</p></article></body></html>';
    writeFileSync(join(dir, 'page.htm'), html);
    writeFileSync(join(dir, 'page.txt'), `\n  ${html}`);
    expect(readArticleFile(join(dir, 'page.htm'))).toEqual({ file: join(dir, 'page.htm'), format: 'html', title: 'Headline', text: 'One.\n\nTwo.' });
    expect(readArticleFile(join(dir, 'page.txt'), () => ({ title: 'X', text: 'Y' }))).toMatchObject({ format: 'html', title: 'X', text: 'Y' });
  });

  it('strips a byte-order mark, and says why a file cannot be used', () => {
    writeFileSync(join(dir, 'bom.txt'), '\ufeffTitle: T\n\nBody');
    expect(readArticleFile(join(dir, 'bom.txt'))).toMatchObject({ format: 'text', title: 'T', text: 'Body' });
    writeFileSync(join(dir, 'nav.html'), '<html><body><nav>Home</nav></body></html>');
    expect(() => readArticleFile(join(dir, 'nav.html'))).toThrow(`${join(dir, 'nav.html')}: no article title or text found in the HTML`);
    expect(() => readArticleFile(join(dir, 'none.txt'))).toThrow(`${join(dir, 'none.txt')}: no such file`);
  });
});
