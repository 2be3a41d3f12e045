import { passesLuhn } from '@faultline/instrumented';
import { z } from 'zod';

/** Card details as given at checkout; held only encrypted, and only until the order settles. */
export interface Card {
  cardNumber: string;
  expiry: string;
  cvv: string;
}

const EXPIRY = /^(0[1-9]|1[0-2])\/(\d{2})$/;

/** MM/YY is still valid through the last day of that month. */
export function isExpired(expiry: string, now: Date): boolean {
  const match = EXPIRY.exec(expiry);
  if (!match) return true;
  const month = Number(match[1]);
  const year = 2000 + Number(match[2]);
  return (
    year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)
  );
}

export const cardSchema = (now: () => Date) =>
  z.object({
    cardNumber: z
      .string()
      .transform((value) => value.replace(/[ -]/g, ''))
      .pipe(
        z
          .string()
          .regex(/^\d{12,19}$/, 'must be 12 to 19 digits')
          .refine(passesLuhn, 'is not a valid card number'),
      ),
    expiry: z
      .string()
      .regex(EXPIRY, 'must be MM/YY')
      .refine((value) => !isExpired(value, now()), 'the card has expired'),
    cvv: z.string().regex(/^\d{3,4}$/, 'must be 3 or 4 digits'),
  });
