import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { ArticleFileError } from './article-file.error';
import { extractHtmlArticle } from './html-article';

/** An article read from a file, ready to classify. */
export interface ArticleFile {
  /** The path as given. */
  file: string;
  format: 'text' | 'html';
  title: string;
  /** The body exactly as classified: evidence offsets index this string. */
  text: string;
  source?: string;
  /** The `Date:` header, parsed (gives relative dates in the text a year). */
  date?: Date;
}

/** Turns an HTML page into title and body text. */
export type HtmlExtractor = (html: string) => { title: string; text: string };

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml']);
const HEADER = /^(title|source|date)[ \t]*:[ \t]*(.*?)[ \t]*$/i;

/**
 * Reads a text file (optional `Title:`, `Source:`, `Date:` header lines, a blank line,
 * then the body) or an HTML page (by extension, or content starting with `<`). Throws
 * ArticleFileError with a one-line reason for a missing, unreadable, binary or empty file.
 */
export function readArticleFile(file: string, extractHtml: HtmlExtractor = extractHtmlArticle): ArticleFile {
  let content: string;
  try {
    if (statSync(file).isDirectory()) throw new ArticleFileError(file, 'is a folder, not a file');
    const bytes = readFileSync(file);
    if (bytes.includes(0)) throw new ArticleFileError(file, 'is not a text or HTML file (it holds binary data)');
    content = bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    if (err instanceof ArticleFileError) throw err;
    throw new ArticleFileError(file, describeIoError(err));
  }
  if (content.trim() === '') throw new ArticleFileError(file, 'is empty');

  if (HTML_EXTENSIONS.has(extname(file).toLowerCase()) || content.trimStart().startsWith('<')) {
    const { title, text } = extractHtml(content);
    if (title.trim() === '' && text.trim() === '') throw new ArticleFileError(file, 'no article title or text found in the HTML');
    return { file, format: 'html', title, text };
  }
  return { file, format: 'text', ...parseTextArticle(file, content) };
}

/** Header lines (in any order, each at most once) until the first other line; a blank line after them is skipped. */
export function parseTextArticle(file: string, content: string): Omit<ArticleFile, 'file' | 'format'> {
  const headers = new Map<string, string>();
  let at = 0;
  for (;;) {
    const newline = content.indexOf('\n', at);
    const line = content.slice(at, newline < 0 ? content.length : newline).replace(/\r$/, '');
    const m = HEADER.exec(line);
    if (!m || headers.has(m[1].toLowerCase())) break;
    headers.set(m[1].toLowerCase(), m[2]);
    if (newline < 0) {
      at = content.length;
      break;
    }
    at = newline + 1;
  }
  if (headers.size > 0) {
    const blank = /^[ \t]*\r?\n/.exec(content.slice(at));
    if (blank) at += blank[0].length;
  }
  const article: Omit<ArticleFile, 'file' | 'format'> = { title: headers.get('title') ?? '', text: content.slice(at) };
  if (headers.has('source')) article.source = headers.get('source');
  const date = headers.get('date');
  if (date !== undefined) {
    const parsed = new Date(date);
    if (date === '' || Number.isNaN(parsed.getTime())) throw new ArticleFileError(file, `the Date: header "${date}" is not a date (write e.g. 2024-03-25)`);
    article.date = parsed;
  }
  if (article.title.trim() === '' && article.text.trim() === '') throw new ArticleFileError(file, 'has headers but no title or text');
  return article;
}

function describeIoError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied)';
    case 'EISDIR':
      return 'is a folder, not a file';
    default:
      return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}
