import { z } from 'zod';

/** ISO 4217 currency codes: three capital letters. */
export const CURRENCY = /^[A-Z]{3}$/;

/** The largest amount a charge may ask for: one million in major units, well within an integer column. */
export const MAX_CHARGE_MINOR = 100_000_000;

/** A currency code like `EUR`. */
export const currencySchema = z
  .string()
  .regex(CURRENCY, 'must be a three-letter ISO 4217 code like EUR');

const minorUnits = z.number().int('must be a whole number of minor units');

/** An amount in minor units (cents) of its currency: `{ amount: 4900, currency: 'EUR' }`. */
export const moneySchema = z.object({
  amount: minorUnits.min(0, 'must be zero or more'),
  currency: currencySchema,
});

/** An amount to charge: more than zero and at most MAX_CHARGE_MINOR. */
export const chargeAmountSchema = z.object({
  amount: minorUnits
    .positive('must be more than zero')
    .max(MAX_CHARGE_MINOR, `must be at most ${MAX_CHARGE_MINOR} minor units`),
  currency: currencySchema,
});

/** An amount in minor units of its currency. */
export type Money = z.infer<typeof moneySchema>;
