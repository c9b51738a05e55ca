import { FilterableItem, passesFilters, subscriptionFiltersSchema } from './subscription-filters';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe-token';

const item = (over: Partial<FilterableItem> = {}): FilterableItem => ({
  state: 'new',
  severity: 'high',
  categories: ['worker-overstay'],
  countries: ['RU'],
  sources: ['src-1', 'wire'],
  ...over,
});

describe('subscription filters', () => {
  it('passes everything but dismissed items when empty', () => {
    expect(passesFilters(item(), {})).toBe(true);
    expect(passesFilters(item({ state: 'dismissed' }), {})).toBe(false);
  });

  it('applies each filter', () => {
    expect(passesFilters(item(), { categories: ['loyalty-payment'] })).toBe(false);
    expect(passesFilters(item({ categories: ['loyalty-payment', 'worker-overstay'] }), { categories: ['worker-overstay'] })).toBe(true);
    expect(passesFilters(item({ severity: 'medium' }), { minSeverity: 'high' })).toBe(false);
    expect(passesFilters(item({ severity: 'critical' }), { minSeverity: 'high' })).toBe(true);
    expect(passesFilters(item(), { countries: ['CN'] })).toBe(false);
    expect(passesFilters(item(), { sources: ['wire'] })).toBe(true);
    expect(passesFilters(item(), { sources: ['other'] })).toBe(false);
    expect(passesFilters(item(), { confirmedOnly: true })).toBe(false);
    expect(passesFilters(item({ state: 'confirmed' }), { confirmedOnly: true })).toBe(true);
  });

  it('lets alerts through "confirmed only", since they go out before a decision', () => {
    expect(passesFilters(item({ state: 'escalated' }), { confirmedOnly: true }, { ignoreConfirmedOnly: true })).toBe(true);
  });

  it('validates what a person gives', () => {
    expect(subscriptionFiltersSchema.parse({ countries: ['ru'] })).toEqual({ countries: ['RU'] });
    expect(subscriptionFiltersSchema.safeParse({ categories: ['weather'] }).success).toBe(false);
    expect(subscriptionFiltersSchema.safeParse({ minSeverity: 'urgent' }).success).toBe(false);
    expect(subscriptionFiltersSchema.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('unsubscribe tokens', () => {
  const claim = { subscriptionId: '0190a1b2-0000-7000-8000-000000000001', recipient: 'Desk@Example.org' };

  it('round-trips, with the address folded to lower case', () => {
    expect(verifyUnsubscribe('s3cret-s3cret-s3cret', signUnsubscribe('s3cret-s3cret-s3cret', claim))).toEqual({ ...claim, recipient: 'desk@example.org' });
  });

  it('refuses another secret, a changed address and garbage', () => {
    const token = signUnsubscribe('s3cret-s3cret-s3cret', claim);
    expect(verifyUnsubscribe('another-secret-here', token)).toBeNull();
    const forged = `${Buffer.from(`${claim.subscriptionId}\nboss@example.org`).toString('base64url')}.${token.split('.')[1]}`;
    expect(verifyUnsubscribe('s3cret-s3cret-s3cret', forged)).toBeNull();
    expect(verifyUnsubscribe('s3cret-s3cret-s3cret', 'nonsense')).toBeNull();
    expect(verifyUnsubscribe('s3cret-s3cret-s3cret', `${token}.x`)).toBeNull();
  });
});
