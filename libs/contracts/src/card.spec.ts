import {
  cardNumberSchema,
  chargeCardSchema,
  checkoutCardSchema,
  isExpired,
  normaliseCardNumber,
} from './card';
import { passesLuhn } from './luhn';
import { refusals } from './test/refusals';

const now = () => new Date('2026-06-15T12:00:00Z');

describe('card number normalisation', () => {
  it.each([
    ['4242 4242 4242 4242', '4242424242424242'],
    ['4242-4242-4242-4242', '4242424242424242'],
    ['4242 - 4242-4242 4242', '4242424242424242'],
    ['4242424242424242', '4242424242424242'],
  ])('turns %p into the digits %p', (typed, digits) => {
    expect(normaliseCardNumber(typed)).toBe(digits);
  });

  it('parses a number typed with spaces or dashes to its digits', () => {
    expect(cardNumberSchema.parse('4000-0000 0000-0002')).toBe('4000000000000002');
  });
});

describe('Luhn check', () => {
  it.each(['4242424242424242', '4000000000000002', '5555555555554444', '378282246310005'])(
    'accepts the valid number %s',
    (digits) => {
      expect(passesLuhn(digits)).toBe(true);
    },
  );

  it.each(['4242424242424241', '4000000000000001', '1234567890123'])('refuses %s', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });
});

describe('card number', () => {
  it.each([
    ['a number failing the Luhn check', '4242 4242 4242 4241', ': is not a valid card number'],
    ['11 digits', '42424242424', ': must be 12 to 19 digits'],
    ['20 digits', '4'.repeat(20), ': must be 12 to 19 digits'],
    ['letters', '4242 4242 4242 424x', ': must be 12 to 19 digits'],
    ['over 40 characters', `${'4242 '.repeat(8)}4242`, ': must be 12 to 19 digits'],
  ])('refuses %s with one reason', (_, typed, reason) => {
    expect(refusals(cardNumberSchema, typed)).toEqual([reason]);
  });

  it('refuses a number sent as a JSON number', () => {
    expect(refusals(cardNumberSchema, 4242424242424242)).toHaveLength(1);
  });
});

describe('card expiry', () => {
  it('treats a card as valid through the last moment of its expiry month (UTC)', () => {
    expect(isExpired('03/26', new Date('2026-03-31T23:59:59.999Z'))).toBe(false);
    expect(isExpired('03/26', new Date('2026-04-01T00:00:00.000Z'))).toBe(true);
    expect(isExpired('12/26', new Date('2026-12-31T12:00:00Z'))).toBe(false);
    expect(isExpired('12/26', new Date('2027-01-01T00:00:00Z'))).toBe(true);
    expect(isExpired('01/20', new Date('2026-01-01T00:00:00Z'))).toBe(true);
  });

  it('counts an expiry that is not MM/YY as expired', () => {
    expect(isExpired('13/30', now())).toBe(true);
    expect(isExpired('1230', now())).toBe(true);
  });
});

describe('card schemas', () => {
  const checkout = checkoutCardSchema(now);
  const charge = chargeCardSchema(now);

  it('reads the public checkout card { cardNumber, expiry, cvv }', () => {
    expect(
      checkout.parse({ cardNumber: '4242 4242 4242 4242', expiry: '12/39', cvv: '123' }),
    ).toEqual({ cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' });
  });

  it('reads the internal charge card { number, expiry, cvv } with the same checks', () => {
    expect(charge.parse({ number: '4242-4242-4242-4242', expiry: '06/26', cvv: '1234' })).toEqual({
      number: '4242424242424242',
      expiry: '06/26',
      cvv: '1234',
    });
  });

  it('names each bad field once', () => {
    expect(refusals(checkout, { cardNumber: '1234', expiry: '01/20', cvv: '1' })).toEqual([
      'cardNumber: must be 12 to 19 digits',
      'expiry: the card has expired',
      'cvv: must be 3 or 4 digits',
    ]);
    expect(refusals(charge, { number: '4242424242424242', expiry: '13/30', cvv: 947 })).toEqual([
      'expiry: must be MM/YY',
      expect.stringMatching(/^cvv: /),
    ]);
  });

  it('refuses the other wire name for the number', () => {
    expect(
      refusals(charge, { cardNumber: '4242424242424242', expiry: '12/39', cvv: '123' }),
    ).toEqual([expect.stringMatching(/^number: /)]);
  });
});
