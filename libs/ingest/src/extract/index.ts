export { MAX_HTML_CHARS, READABILITY_MAX_HTML_CHARS, extractArticle } from './article-extractor';
export type { ExtractOptions, ExtractedPage, ExtractionMethod } from './article-extractor';
export { parsePublishedDate } from './published-date';
