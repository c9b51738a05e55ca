import * as iconv from 'iconv-lite';
import { SENTENCES } from '../../../../test/support/fixture-server';
import { canonicalCharset, charsetFromContentType, decodeText } from './charset-decoder';


const rss = (sentence: string, encodingDecl?: string) =>
  `<?xml version="1.0"${encodingDecl ? ` encoding="${encodingDecl}"` : ''}?><rss version="2.0"><channel><title>${sentence}</title></channel></rss>`;

describe('decodeText', () => {
  it.each([
    ['euc-kr', 'EUC-KR', SENTENCES.korean, 'euc-kr'],
    ['cp949', 'ks_c_5601-1987', SENTENCES.koreanCp949, 'euc-kr'],
    ['cp949', 'EUC-KR', SENTENCES.koreanCp949, 'euc-kr'],
    ['gb2312', 'GB2312', SENTENCES.chinese, 'gbk'],
    ['gbk', 'GB2312', SENTENCES.chineseGbk, 'gbk'],
    ['gbk', 'GBK', SENTENCES.chineseGbk, 'gbk'],
    ['gb18030', 'GB18030', SENTENCES.chineseGb18030, 'gb18030'],
    ['big5', 'Big5', SENTENCES.chineseTraditional, 'big5'],
    ['windows-1251', 'windows-1251', SENTENCES.russian, 'windows-1251'],
    ['koi8-r', 'KOI8-R', SENTENCES.russian, 'koi8-r'],
    ['windows-1252', 'windows-1252', SENTENCES.french, 'windows-1252'],
    ['windows-1252', 'ISO-8859-1', SENTENCES.french, 'windows-1252'],
  ])('bytes in %s labelled %s in the header come out as Unicode', (codec, label, sentence, charset) => {
    const bytes = iconv.encode(rss(sentence), codec);
    expect(decodeText(bytes, `application/rss+xml; charset=${label}`)).toEqual({ text: rss(sentence), charset, charsetSource: 'header' });
  });

  it.each([
    ['euc-kr', 'EUC-KR', SENTENCES.korean],
    ['gbk', 'GBK', SENTENCES.chineseGbk],
    ['big5', 'big5', SENTENCES.chineseTraditional],
    ['koi8-r', 'koi8-r', SENTENCES.russian],
    ['windows-1251', 'Windows-1251', SENTENCES.russian],
    ['windows-1252', 'iso-8859-1', SENTENCES.french],
  ])('without a header charset, the XML declaration decides (%s declared as %s)', (codec, label, sentence) => {
    const doc = rss(sentence, label);
    const out = decodeText(iconv.encode(doc, codec), 'application/xml');
    expect(out.text).toBe(doc);
    expect(out.charsetSource).toBe('xml-declaration');
  });

  it.each([
    ['<meta charset="euc-kr">', 'euc-kr', SENTENCES.korean],
    ['<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', 'gbk', SENTENCES.chineseGbk],
    ["<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=windows-1251'>", 'windows-1251', SENTENCES.russian],
  ])('an HTML page says its charset in %s', (meta, codec, sentence) => {
    const page = `<!doctype html><html><head>${meta}<title>t</title></head><body><p>${sentence}</p></body></html>`;
    const out = decodeText(iconv.encode(page, codec), 'text/html');
    expect(out.text).toBe(page);
    expect(out.charsetSource).toBe('meta');
  });

  it('the header wins over the declaration', () => {
    const doc = rss(SENTENCES.russian, 'windows-1251');
    expect(decodeText(iconv.encode(doc, 'koi8-r'), 'text/xml; charset=koi8-r')).toMatchObject({ text: doc, charset: 'koi8-r', charsetSource: 'header' });
  });

  it('an unknown header charset falls through to the declaration', () => {
    const doc = rss(SENTENCES.korean, 'euc-kr');
    expect(decodeText(iconv.encode(doc, 'cp949'), 'text/xml; charset="no-such-charset"')).toMatchObject({ text: doc, charsetSource: 'xml-declaration' });
  });

  it('a byte-order mark wins over every label, and is not part of the text', () => {
    const doc = rss(SENTENCES.chinese, 'gb2312');
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)]);
    expect(decodeText(utf8, 'text/xml; charset=iso-8859-1')).toEqual({ text: doc, charset: 'utf-8', charsetSource: 'bom' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc, 'utf16le')]);
    expect(decodeText(utf16)).toEqual({ text: doc, charset: 'utf-16le', charsetSource: 'bom' });
  });

  it('recognises UTF-16 XML without a BOM from its first bytes', () => {
    const doc = rss(SENTENCES.korean, 'UTF-16');
    expect(decodeText(Buffer.from(doc, 'utf16le'))).toMatchObject({ text: doc, charset: 'utf-16le' });
  });

  it('ignores an ASCII-readable declaration of UTF-16 (it cannot be true)', () => {
    const doc = rss(SENTENCES.french, 'UTF-16');
    expect(decodeText(Buffer.from(doc))).toMatchObject({ text: doc, charset: 'utf-8', charsetSource: 'default' });
  });

  it('with no clue at all, reads UTF-8', () => {
    const doc = rss(SENTENCES.korean);
    expect(decodeText(Buffer.from(doc), 'application/octet-stream')).toEqual({ text: doc, charset: 'utf-8', charsetSource: 'default' });
  });

  it('falls back to windows-1252 when unlabelled bytes are not UTF-8', () => {
    const doc = rss(SENTENCES.french);
    expect(decodeText(iconv.encode(doc, 'windows-1252'))).toEqual({ text: doc, charset: 'windows-1252', charsetSource: 'fallback' });
  });

  it('keeps a long UTF-8 text as UTF-8 despite one stray Latin-1 byte', () => {
    const bytes = Buffer.concat([Buffer.from(SENTENCES.korean.repeat(3)), Buffer.from([0xa9]), Buffer.from(' 2025')]);
    const out = decodeText(bytes);
    expect(out.charset).toBe('utf-8');
    expect(out.text).toContain(SENTENCES.korean);
  });

  it('does not take a <meta> quoted inside a feed for the feed charset', () => {
    const doc = `<?xml version="1.0"?><rss><channel><description><![CDATA[<meta charset="koi8-r">]]> ${SENTENCES.russian}</description></channel></rss>`;
    expect(decodeText(Buffer.from(doc))).toMatchObject({ text: doc, charset: 'utf-8' });
  });
});

describe('charset labels', () => {
  it('maps labels the way browsers do', () => {
    expect(canonicalCharset('UTF8')).toBe('utf-8');
    expect(canonicalCharset('latin1')).toBe('windows-1252');
    expect(canonicalCharset('KS_C_5601-1987')).toBe('euc-kr');
    expect(canonicalCharset('GB2312')).toBe('gbk');
    expect(canonicalCharset('"koi8-r"')).toBe('koi8-r');
    expect(canonicalCharset('x-nonsense')).toBeNull();
    expect(canonicalCharset(undefined)).toBeNull();
  });

  it('reads the charset parameter, quoted or not', () => {
    expect(charsetFromContentType('text/html; charset=EUC-KR')).toBe('EUC-KR');
    expect(charsetFromContentType('text/xml;charset="gb2312"; foo=bar')).toBe('gb2312');
    expect(charsetFromContentType('text/xml')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });
});
