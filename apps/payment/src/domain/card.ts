import { passesLuhn } from '@faultline/instrumented';
import type { CardBrand } from './payment';

/**
 * Card numbers live only in memory while a charge is made: what is kept, logged or put on a span is
 * the brand and the last four digits.
 */
export interface CardDetails {
  /** Digits only. */
  number: string;
  /** MM/YY */
  expiry: string;
  cvv: string;
}

/** The digits of a card number as typed, spaces removed. */
export const cardDigits = (typed: string): string => typed.replace(/ /g, '');

/** The Luhn checksum every real card number passes; it catches most typos. */
export { passesLuhn };

/** The card network, from the number's leading digits (IIN ranges). */
export function cardBrand(digits: string): CardBrand {
  if (digits.startsWith('4')) return 'visa';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  return 'other';
}

export const cardLast4 = (digits: string): string => digits.slice(-4);

/** A card is good through the last day of its expiry month (`MM/YY`). */
export function isExpired(expiry: string, now: Date): boolean {
  const [month, year] = expiry.split('/').map(Number);
  if (month === undefined || year === undefined) return true;
  const firstDayAfter = Date.UTC(2000 + year, month, 1);
  return now.getTime() >= firstDayAfter;
}
