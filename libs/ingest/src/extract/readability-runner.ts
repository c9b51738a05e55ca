import type * as ReadabilityModule from '@mozilla/readability';
import type * as JsdomModule from 'jsdom';

/**
 * jsdom is loaded on first use, not with @app/ingest: it takes about 0.4 s to
 * load, and the API, the CLI and most test files import the lib without ever
 * extracting a page.
 */
let modules: { jsdom: typeof JsdomModule; readability: typeof ReadabilityModule } | null = null;
function load() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  modules ??= { jsdom: require('jsdom') as typeof JsdomModule, readability: require('@mozilla/readability') as typeof ReadabilityModule };
  return modules;
}

export interface ReadabilityResult {
  title: string | null;
  byline: string | null;
  /** The article's HTML as Readability cleaned it. */
  content: string;
}

/**
 * Elements Readability may look at before it gives up (it throws beyond this):
 * the input is already cut to READABILITY_MAX_HTML_CHARS, so this only guards
 * against a page of millions of empty elements.
 */
const MAX_ELEMENTS = 50_000;
/** Readability's retry threshold: a news brief is often shorter than its default of 500 characters. */
const CHAR_THRESHOLD = 250;

/**
 * Mozilla Readability over jsdom, on HTML that has already been stripped of
 * scripts, styles and embeds. jsdom is left at its defaults for the two
 * things that matter: `runScripts` unset, so no script ever runs, and
 * `resources` unset, so nothing (stylesheets, images, frames) is ever fetched.
 * The VirtualConsole with no listeners swallows CSS and parse complaints that
 * would otherwise be printed. Returns null when Readability finds nothing or
 * fails: the caller has a fallback.
 */
export function runReadability(html: string, url: string): ReadabilityResult | null {
  const { JSDOM, VirtualConsole } = load().jsdom;
  const { Readability } = load().readability;
  const dom = new JSDOM(html, { url: httpUrlOrBlank(url), contentType: 'text/html', virtualConsole: new VirtualConsole() });
  try {
    const article = new Readability(dom.window.document, {
      charThreshold: CHAR_THRESHOLD,
      maxElemsToParse: MAX_ELEMENTS,
      // The page's JSON-LD was read (and its scripts removed) before we got here.
      disableJSONLD: true,
    }).parse();
    if (!article?.content) return null;
    return { title: article.title || null, byline: article.byline || null, content: article.content };
  } catch {
    // Readability throws on documents over maxElemsToParse and on odd DOMs; the fallback copes.
    return null;
  } finally {
    dom.window.close();
  }
}

/** jsdom needs a URL to resolve links against; anything but http(s) (or a malformed one) becomes about:blank. */
function httpUrlOrBlank(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : 'about:blank';
  } catch {
    return 'about:blank';
  }
}
