import { isBoilerplate, isNoiseName } from './noise-filter';

describe('isNoiseName', () => {
  it.each(['share-tools', 'article_relation', 'most-read', 'ad ad-slot', 'cmt_area', 'newsletter-box', 'sns_share', 'comments', 'related-stories'])(
    '%s is furniture',
    (name) => expect(isNoiseName(name)).toBe(true),
  );
  it.each(['commentary', 'shared-content', 'story-body', 'article-text', 'header-image-loaded', 'advisory', 'main'])('%s is not', (name) =>
    expect(isNoiseName(name)).toBe(false),
  );
});

describe('isBoilerplate', () => {
  it.each([
    'Read more: Fishing quotas cut again',
    'Subscribe to our newsletter for the week\'s stories.',
    '© 2024 Harbour Ledger. All rights reserved.',
    '저작권자 © 항구일보 무단전재 및 재배포 금지',
    '（本文版权归港口日报所有，未经授权不得转载。）',
    'Подписывайтесь на наш канал в Telegram.',
    'Advertisement',
    'We use cookies. By continuing you agree to our privacy policy.',
    '無断転載を禁じます',
    'Читайте также: квоты на вылов снова сокращены',
    '뉴스레터 구독하기',
    '点击查看更多',
    'メールマガジンを購読',
    'SHARE ON FACEBOOK',
  ])('%j is furniture', (p) => expect(isBoilerplate(p)).toBe(true));

  it.each([
    // Anchored patterns match only whole lines.
    'Share this with the crew before the ship leaves port on Monday',
    'Printing presses in the port city ran through the night.',
    'The copyright office registered the design in 1998.',
  ])('%j is not', (p) => expect(isBoilerplate(p)).toBe(false));

  it('judges only short paragraphs: prose that mentions a newsletter stays', () => {
    const prose =
      'The agency advertised its services in a trade newsletter read by shipyard managers across the region, and offered to supply welders, fitters and painters on contracts of up to three years, paid monthly in cash.';
    expect(isBoilerplate(prose)).toBe(false);
  });
});
