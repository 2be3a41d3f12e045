/**
 * Card details as given at checkout (`{ cardNumber, expiry, cvv }`, the number as digits); held only
 * encrypted, and only until the order settles. Their shape and checks are the checkout contract's.
 */
export type { CheckoutCard as Card } from '@faultline/contracts';
