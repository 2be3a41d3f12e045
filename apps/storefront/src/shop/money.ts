import type { Money } from '@faultline/contracts';

const formatters = new Map<string, Intl.NumberFormat>();

/** An amount in minor units as a shopper reads it: `{ amount: 24900, currency: 'EUR' }` → "€249.00". */
export function formatMoney(money: Money, locale = 'en-IE'): string {
  const key = `${locale}:${money.currency}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amount / 10 ** digits);
}

/** `unit` times `quantity`, in the same currency. */
export const timesQuantity = (unit: Money, quantity: number): Money => ({
  amount: unit.amount * quantity,
  currency: unit.currency,
});
