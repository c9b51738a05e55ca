import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { textOf, walkElements } from './dom-walk';

/** Elements that never hold article prose, whatever the page. */
const INERT_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'video', 'audio', 'picture',
  'img', 'source', 'button', 'input', 'select', 'textarea', 'link', 'meta',
]);

/**
 * Landmarks that are furniture, unless the article is inside one (ASP.NET
 * pages wrap everything in a <form>; a page with an open dialog in its markup
 * may carry aria-hidden on its main wrapper).
 */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'dialog', 'menu', 'figure', 'figcaption', 'label']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog']);
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
/** A <form> holding this much prose is a page wrapper, not a search or sign-up box. */
const FORM_PROSE_CHARS = 200;

/**
 * Parts of class and id names that mark page furniture, matched against each
 * hyphen- or underscore-separated part ("article-share-bar" -> share), so that
 * "commentary" or "shared-content" are not caught by "comment" or "share".
 * Includes the names Korean and Chinese templates use (relation, reporter,
 * copyright, sns).
 */
const NOISE_PARTS = new Set([
  'ad', 'ads', 'adv', 'advert', 'advertisement', 'adsense', 'adslot', 'dfp', 'sponsor', 'sponsored', 'promo', 'promotion',
  'outbrain', 'taboola', 'banner',
  'share', 'sharing', 'sharebar', 'social', 'sns', 'newsletter', 'subscribe', 'subscription', 'signup',
  'comment', 'comments', 'cmt', 'disqus', 'replies', 'reply',
  'related', 'relation', 'recommend', 'recommended', 'recommendations', 'popular', 'trending', 'ranking', 'ticker',
  'sidebar', 'aside', 'widget', 'nav', 'navbar', 'navigation', 'gnb', 'lnb', 'menu', 'breadcrumb', 'breadcrumbs',
  'pagination', 'pager', 'footer', 'masthead', 'toolbar', 'tools', 'print', 'cookie', 'cookies', 'consent', 'gdpr',
  'modal', 'popup', 'tags', 'tag', 'byline', 'author', 'reporter', 'copyright', 'caption', 'credit', 'skip',
]);
/** Whole-name patterns that parts cannot express. */
const NOISE_NAMES = /most-?(read|popular|viewed)|read-?more|also-?read|more-?stories|you-?may-?like|sr-only|visually-?hidden|screen-?reader/i;

export function isNoiseName(name: string): boolean {
  if (NOISE_NAMES.test(name)) return true;
  for (const part of name.toLowerCase().split(/[\s_-]+/)) if (NOISE_PARTS.has(part)) return true;
  return false;
}

/** Text length of the <p>s under an element: how much prose it holds. */
function paragraphChars(el: AnyNode): number {
  let n = 0;
  walkElements(el, (p) => {
    if (p.name !== 'p') return true;
    n += textOf(p).length;
    return false;
  });
  return n;
}

function isFurniture(el: Element): boolean {
  const a = el.attribs;
  if (FURNITURE_TAGS.has(el.name)) return true;
  if (el.name === 'form') return paragraphChars(el) < FORM_PROSE_CHARS;
  if (a.role && FURNITURE_ROLES.has(a.role)) return true;
  if (a['aria-hidden'] === 'true' || 'hidden' in a) return true;
  if (a.style && HIDDEN_STYLE.test(a.style)) return true;
  return !!(a.class || a.id) && isNoiseName(`${a.class ?? ''} ${a.id ?? ''}`);
}

/**
 * Removes page furniture in place, in one walk of the tree (a query per rule
 * walked a big page a dozen times): tags that never hold prose, landmarks,
 * hidden elements, and elements whose class or id names furniture. `keep`
 * (the source's selector matches, the page's declared body) are protected
 * with every element around them: templates put "has-sidebar" or
 * "share-enabled" on the wrappers of the whole page, and removing one would
 * remove the article.
 */
export function removeNoise($: CheerioAPI, keep: Element[] = []): void {
  const protect = new Set<AnyNode>();
  for (const el of keep) for (let n: AnyNode | null = el; n; n = n.parent) protect.add(n);

  const doomed: AnyNode[] = [];
  const stack: AnyNode[] = [$.root()[0]!];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'comment' || node.type === 'script' || node.type === 'style') {
      doomed.push(node);
      continue;
    }
    if (node.type === 'tag') {
      if (INERT_TAGS.has(node.name) || (!protect.has(node) && isFurniture(node))) {
        doomed.push(node); // and its subtree with it: no need to look inside
        continue;
      }
    } else if (node.type !== 'root') {
      continue;
    }
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  $(doomed).remove();
}

/**
 * Paragraphs that are furniture by their words: "Read more", newsletter and
 * follow-us boxes, copyright lines, share prompts. Only short paragraphs are
 * judged, and the weaker signs (a newsletter, a subscription) only in very
 * short ones: a paragraph of prose may well mention a newsletter.
 */
const FURNITURE_LINES = [
  /^(read (more|also|next)|see also|also read|related( (articles?|stories|news))?|more( on this)?)\s*[:»>]/i,
  /^(advertisement|sponsored( content)?|share( this)?|share on \w+|tweet|print|email)$/i,
  /\b(all rights reserved|copyright ©?\s*\d{4}|© ?\d{4})\b/i,
  /\b(cookies?|privacy policy|terms of (use|service))\b.*\b(accept|agree|consent)\b/i,
  // Korean
  /무단\s*(전재|복제)|재배포\s*금지|저작권자|관련\s*기사|많이\s*본\s*(뉴스|기사)|기사\s*제보/,
  // Chinese
  /版权所有|未经(授权|许可)|转载(请|须)|责任编辑|相关(新闻|阅读|文章|报道)|分享到|扫码关注/,
  // Japanese
  /無断転載|関連記事|この記事をシェア/,
  // Russian
  /читайте (также|нас)|все права защищены|при (полном или частичном )?(перепечатке|использовании)|материалы по теме|смотрите также/i,
];
const PROMPTS = [
  /\b(subscribe|sign up|newsletter|follow us|click here|download (our|the) app|share this (article|story))\b/i,
  /구독|뉴스레터|공유하기|앱\s*다운로드/,
  /订阅|关注我们|点击(查看|阅读)|下载客户端/,
  /購読|フォローする/,
  /подписывайтесь|подпишитесь|поделиться|реклама/i,
];
/** Longer than this, a paragraph is judged prose whatever it says... */
const FURNITURE_MAX_CHARS = 220;
/** ...and longer than this, whatever prompt it contains. */
const PROMPT_MAX_CHARS = 120;

/**
 * Each list as one pattern of alternatives: the same matches as trying each
 * in turn (the Hangul, Han and kana patterns have no case for the i flag to
 * change), in one scan of the paragraph rather than one per pattern.
 */
const oneOf = (patterns: RegExp[]) => new RegExp(patterns.map((re) => `(?:${re.source})`).join('|'), 'i');
const ANY_FURNITURE_LINE = oneOf(FURNITURE_LINES);
const ANY_PROMPT = oneOf(PROMPTS);

export function isBoilerplate(paragraph: string): boolean {
  if (paragraph.length > FURNITURE_MAX_CHARS) return false;
  if (ANY_FURNITURE_LINE.test(paragraph)) return true;
  return paragraph.length <= PROMPT_MAX_CHARS && ANY_PROMPT.test(paragraph);
}
