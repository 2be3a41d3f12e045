/**
 * What the shop's own spans are for, in the words an on-call engineer uses. A span missing here is
 * named by its span name.
 */
const PURPOSES: Readonly<Record<string, string>> = {
  'card_gateway.charge': 'card gateway',
  'fraud.score': 'fraud scoring',
};

export const purposeOf = (spanName: string): string => PURPOSES[spanName] ?? spanName;

/** Spans that wrap a call to something outside the shop (a third party), by span name. */
export const EXTERNAL_CALLS: ReadonlySet<string> = new Set(['card_gateway.charge']);

/** The card gateway span and the attributes the payment service puts on it. */
export const GATEWAY_SPAN = 'card_gateway.charge';
export const GatewayAttribute = {
  outcome: 'payment.outcome',
  brand: 'payment.card_brand',
  httpStatus: 'gateway.http_status',
  errorCode: 'gateway.error_code',
  declineCode: 'payment.decline_code',
} as const;
