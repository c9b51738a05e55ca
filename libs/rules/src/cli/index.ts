/** Pure helpers of the offline CLI commands (classify, rules lint, rules test). */
export { ArticleFileError } from './article-file.error';
export { parseTextArticle, readArticleFile } from './article-file.reader';
export type { ArticleFile, HtmlExtractor } from './article-file.reader';
export { extractHtmlArticle } from './html-article';
export { classifyArticle, formatReport, summariseFacts } from './classification-report';
export type { ClassificationReport, ReportEvidence, ReportMatch } from './classification-report';
export { checkRulePack, formatProblem, formatTestFailure, testRulePack } from './rule-pack-check';
export type { PackLoad, PackTestResult } from './rule-pack-check';
