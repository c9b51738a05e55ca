import { highlight, html } from './html';

describe('html templates', () => {
  it('escapes every interpolated value, so markup from a feed is text', () => {
    const title = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    expect(html`<h1>${title}</h1>`.value).toBe('<h1>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</h1>');
    expect(html`<a title='${"' onmouseover='x"}'>`.value).toBe("<a title='&#39; onmouseover=&#39;x'>");
  });

  it('keeps nested templates and lists as markup, and drops empty values', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li></ul>');
  });

  it('highlights evidence ranges, escaping the text around and inside them', () => {
    const text = 'workers <b> in Sakhalin overstay';
    expect(highlight(text, [{ start: 24, end: 32 }, { start: 0, end: 7 }, { start: 2, end: 5 }]).value).toBe('<mark>workers</mark> &lt;b&gt; in Sakhalin <mark>overstay</mark>');
  });
});
