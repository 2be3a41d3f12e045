import type { DeclineCode } from '../domain/payment';

/** A decline the card's issuer gives (fraud_suspected is ours, not the issuer's). */
export type IssuerDeclineCode = Exclude<DeclineCode, 'fraud_suspected'>;

/**
 * Test cards that decline deterministically, as real gateways' sandboxes do. Every other valid
 * number is approved (4242 4242 4242 4242 is the conventional one).
 */
const DECLINING_TEST_CARDS: ReadonlyMap<string, IssuerDeclineCode> = new Map([
  ['4000000000000002', 'card_declined'],
  ['4000000000009995', 'insufficient_funds'],
  ['4000000000009979', 'stolen_card'],
]);

/** The issuer's decline for a card number (digits only), or undefined when it is approved. */
export const issuerDecline = (digits: string): IssuerDeclineCode | undefined =>
  DECLINING_TEST_CARDS.get(digits);
