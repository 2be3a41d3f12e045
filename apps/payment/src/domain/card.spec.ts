import { cardBrand, cardLast4 } from './card';

// Normalising, the Luhn check and expiry are the wire contract's: libs/contracts/src/card.spec.ts.
describe('card', () => {
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

  it('keeps only the last four digits', () => {
    expect(cardLast4('4242424242424242')).toBe('4242');
  });
});
