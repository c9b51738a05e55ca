export { ArticleReader } from './article-reader';
export { readArticle } from './read-article';
export type { ArticleInput, ReadArticle } from './read-article';
