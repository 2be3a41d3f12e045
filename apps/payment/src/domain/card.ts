import type { ChargeCard } from '@faultline/contracts';
import type { CardBrand } from './payment';

/**
 * Card numbers live only in memory while a charge is made: what is kept, logged or put on a span is
 * the brand and the last four digits. The number is digits only (the charge contract normalises it).
 */
export type CardDetails = ChargeCard;

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
