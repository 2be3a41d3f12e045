import { z } from 'zod';
import { passesLuhn } from './luhn';

/** Card expiry as typed: `MM/YY`. */
export const EXPIRY = /^(0[1-9]|1[0-2])\/\d{2}$/;

/** The digits of a card number as typed: spaces and dashes removed (`4242-4242 4242 4242`). */
export const normaliseCardNumber = (typed: string): string => typed.replace(/[ -]/g, '');

/** A card is good through the last moment of its expiry month (`MM/YY`, UTC). */
export function isExpired(expiry: string, now: Date): boolean {
  if (!EXPIRY.test(expiry)) return true;
  const [month, year] = expiry.split('/').map(Number);
  if (month === undefined || year === undefined) return true;
  const firstDayAfter = Date.UTC(2000 + year, month, 1);
  return now.getTime() >= firstDayAfter;
}

/** A card number: normalised, then 12 to 19 digits passing the Luhn check. Parses to the digits. */
export const cardNumberSchema = z
  .string()
  // Bounds the work on a hostile string before it is normalised.
  .max(40, 'must be 12 to 19 digits')
  .transform(normaliseCardNumber)
  .pipe(
    z
      .string()
      .regex(/^\d{12,19}$/, { error: 'must be 12 to 19 digits', abort: true })
      .refine(passesLuhn, 'is not a valid card number'),
  );

/** An expiry `MM/YY` not yet past at `now()`. */
export const expirySchema = (now: () => Date) =>
  z
    .string()
    .regex(EXPIRY, { error: 'must be MM/YY', abort: true })
    .refine((expiry) => !isExpired(expiry, now()), 'the card has expired');

/** The 3 or 4 digits on the back (or front, for Amex) of the card. */
export const cvvSchema = z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits');

/** The card in the public checkout body (`payment`): `{ cardNumber, expiry, cvv }`. */
export const checkoutCardSchema = (now: () => Date) =>
  z.object({ cardNumber: cardNumberSchema, expiry: expirySchema(now), cvv: cvvSchema });

/** The card on the internal charge request (`card`): `{ number, expiry, cvv }`. */
export const chargeCardSchema = (now: () => Date) =>
  z.object({ number: cardNumberSchema, expiry: expirySchema(now), cvv: cvvSchema });

/** Card details as the shopper gives them at checkout. */
export type CheckoutCard = z.infer<ReturnType<typeof checkoutCardSchema>>;

/** Card details as order sends them to payment. */
export type ChargeCard = z.infer<ReturnType<typeof chargeCardSchema>>;
