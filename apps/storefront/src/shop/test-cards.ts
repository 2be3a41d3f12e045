/** A card of the simulated card gateway, with what it does. */
export interface TestCard {
  number: string;
  brand: string;
  outcome: string;
}

/** The simulated gateway's test cards (apps/payment): the first one pays. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242 4242 4242 4242', brand: 'Visa', outcome: 'Payment succeeds' },
  { number: '4000 0000 0000 0002', brand: 'Visa', outcome: 'Card declined' },
  { number: '4000 0000 0000 9995', brand: 'Visa', outcome: 'Insufficient funds' },
  { number: '4000 0000 0000 9979', brand: 'Visa', outcome: 'Stolen card' },
];

/** An expiry (`MM/YY`) a few years ahead of `now`, so the prefilled card never expires. */
export function prefilledExpiry(now: Date): string {
  return `12/${String((now.getUTCFullYear() + 5) % 100).padStart(2, '0')}`;
}

/** The CVV every test card accepts. */
export const PREFILLED_CVV = '123';
