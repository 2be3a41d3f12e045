import { cardBrand, cardDigits, cardLast4, isExpired, passesLuhn } from './card';

describe('card', () => {
  it.each(['4242424242424242', '4000000000000002', '5555555555554444', '378282246310005'])(
    'accepts the valid number %s by the Luhn check',
    (digits) => {
      expect(passesLuhn(digits)).toBe(true);
    },
  );

  it.each(['4242424242424241', '4000000000000001', '1234567890123'])(
    'refuses %s by the Luhn check',
    (digits) => {
      expect(passesLuhn(digits)).toBe(false);
    },
  );

  it.each([
    ['4242424242424242', 'visa'],
    ['5555555555554444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['340000000000009', 'amex'],
    ['6011111111111117', 'other'],
  ])('names the brand of %s as %s', (digits, brand) => {
    expect(cardBrand(digits)).toBe(brand);
  });

  it('keeps only the digits a shopper typed and the last four of them', () => {
    const digits = cardDigits('4242 4242 4242 4242');
    expect(digits).toBe('4242424242424242');
    expect(cardLast4(digits)).toBe('4242');
  });

  it('treats a card as valid through the last moment of its expiry month (UTC)', () => {
    expect(isExpired('03/26', new Date('2026-03-31T23:59:59.999Z'))).toBe(false);
    expect(isExpired('03/26', new Date('2026-04-01T00:00:00.000Z'))).toBe(true);
    expect(isExpired('12/26', new Date('2026-12-31T12:00:00Z'))).toBe(false);
    expect(isExpired('12/26', new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(isExpired('01/20', new Date('2026-01-01T00:00:00Z'))).toBe(true);
  });
});
