import * as iconv from 'iconv-lite';

/** Where the character set of a decoded document came from (worth showing when a feed comes out garbled). */
export type CharsetSource = 'bom' | 'header' | 'xml-declaration' | 'meta' | 'default' | 'fallback';

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding used, e.g. "utf-8", "euc-kr", "gbk", "windows-1251". */
  charset: string;
  charsetSource: CharsetSource;
}

// Labels mapped the way browsers map them (WHATWG Encoding Standard), each to
// the decoder that gets real-world bytes right: pages labelled ISO-8859-1 use
// windows-1252's curly quotes, EUC-KR pages use CP949's extra Hangul, GB2312
// pages use GBK characters, and Big5 pages use HKSCS ones.
const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  iso8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  cp1252: 'windows-1252',
  'x-cp1252': 'windows-1252',
  cp819: 'windows-1252',
  'ks_c_5601-1987': 'euc-kr',
  'ks_c_5601-1989': 'euc-kr',
  ksc5601: 'euc-kr',
  ksc_5601: 'euc-kr',
  'csksc56011987': 'euc-kr',
  cp949: 'euc-kr',
  'windows-949': 'euc-kr',
  uhc: 'euc-kr',
  gb2312: 'gbk',
  'x-gbk': 'gbk',
  cp936: 'gbk',
  chinese: 'gbk',
  'csgb2312': 'gbk',
  'gb_2312-80': 'gbk',
  'big5-hkscs': 'big5',
  'cn-big5': 'big5',
  'x-x-big5': 'big5',
  cp1251: 'windows-1251',
  'x-cp1251': 'windows-1251',
  koi8: 'koi8-r',
  koi: 'koi8-r',
  'koi8_r': 'koi8-r',
  'cskoi8r': 'koi8-r',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'utf-16': 'utf-16le',
};

/** The iconv-lite codec behind a WHATWG name, where they differ (supersets, see above). */
const CODEC: Record<string, string> = {
  'euc-kr': 'cp949',
  gbk: 'gb18030',
  big5: 'big5hkscs',
};

/**
 * The WHATWG name for a charset label, or null when no decoder knows it (a
 * typo in a header should fall through to the next clue, not fail the fetch).
 */
export function canonicalCharset(label: string | undefined | null): string | null {
  if (!label) return null;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(CODEC[name] ?? name) ? name : null;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) || undefined : undefined;
}

/**
 * Decodes a fetched body to text. Clues, strongest first: a byte-order mark
 * (it cannot be there by accident, and an XML parser trusts it over any
 * label), the HTTP header, the XML declaration, an HTML <meta>, then UTF-8;
 * bytes that are not UTF-8 are read as windows-1252, the usual culprit.
 */
export function decodeText(bytes: Buffer, contentType?: string): DecodedText {
  const bom = sniffBom(bytes);
  if (bom) return decodeAs(bytes, bom, 'bom');

  const header = canonicalCharset(charsetFromContentType(contentType));
  if (header) return decodeAs(bytes, header, 'header');

  const head = bytes.subarray(0, 4096).toString('latin1');
  const xml = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head);
  if (xml) {
    const named = canonicalCharset(xml[1]);
    // A declaration read as ASCII cannot truly be UTF-16 (that needs a BOM or NUL bytes).
    if (named && !named.startsWith('utf-16')) return decodeAs(bytes, named, 'xml-declaration');
  }
  const utf16 = sniffUtf16XmlWithoutBom(bytes);
  if (utf16) return decodeAs(bytes, utf16, 'xml-declaration');
  // Only HTML declares its charset in <meta>; in a feed the same text would be escaped content.
  if (!/^\s*<\?xml/.test(head)) {
    const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z][\w.:-]*)/i.exec(head);
    const named = canonicalCharset(meta?.[1]);
    if (named) return decodeAs(bytes, named.startsWith('utf-16') ? 'utf-8' : named, 'meta');
  }
  return isMostlyUtf8(bytes) ? decodeAs(bytes, 'utf-8', 'default') : decodeAs(bytes, 'windows-1252', 'fallback');
}

function decodeAs(bytes: Buffer, charset: string, charsetSource: CharsetSource): DecodedText {
  const text = charset === 'utf-8' ? new TextDecoder('utf-8').decode(bytes) : iconv.decode(bytes, CODEC[charset] ?? charset, { stripBOM: true });
  return { text, charset, charsetSource };
}

function sniffBom(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** "<?" as UTF-16 code units, the XML spec's way to spot UTF-16 without a BOM. */
function sniffUtf16XmlWithoutBom(b: Buffer): string | null {
  if (b.length >= 4 && b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return 'utf-16le';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return 'utf-16be';
  return null;
}

/**
 * True when the bytes are UTF-8, or nearly: one stray Latin-1 byte in a long
 * UTF-8 page should cost one replacement character, not turn every Hangul or
 * Cyrillic letter into windows-1252 mojibake.
 */
function isMostlyUtf8(b: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= b.length;
    for (let k = 1; ok && k < len; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return invalid === 0 || valid >= invalid * 8;
}
