import { isApiError } from '../api/api-error';

/** What the checkout page tells the shopper when an order is not placed. */
export interface CheckoutProblem {
  /** A short heading: "Your card was declined". */
  title: string;
  /** What happened and what to do next, in the shop's words. */
  message: string;
  /** What the shopper may change: the card, the cart, nothing (wait), or the form's fields. */
  fix: 'card' | 'cart' | 'wait' | 'fields';
  /** Field errors from a 400/422 problem's invalid_params, keyed by the request path (`payment.expiry`). */
  fields?: Record<string, string>;
  /** The SKU that ran out (409), for the cart to point at. */
  sku?: string;
  /** Units of `sku` left when the order was refused. */
  available?: number;
}

const CARD_DECLINED = {
  title: 'Your card was declined',
  message: 'Your bank declined this payment. Nothing was charged. Please choose another card.',
};

const DECLINES: Record<string, { title: string; message: string }> = {
  card_declined: CARD_DECLINED,
  insufficient_funds: {
    title: 'Your card was declined: insufficient funds',
    message: 'The card has insufficient funds. Nothing was charged. Please choose another card.',
  },
  stolen_card: {
    title: 'This card cannot be used',
    message:
      'Your bank refused this card. Nothing was charged. Please use another card or contact your bank.',
  },
  fraud_suspected: {
    title: 'We could not verify this payment',
    message: 'The payment was not accepted. Nothing was charged. Please use another card.',
  },
};

const seconds = (n: number): string => (n === 1 ? '1 second' : `${n} seconds`);

const tryLater = (retryAfterSeconds: number | undefined): CheckoutProblem => ({
  title: 'We could not place your order just now',
  message:
    retryAfterSeconds !== undefined && retryAfterSeconds > 0
      ? `The shop is very busy. Nothing was charged. Please try again in ${seconds(retryAfterSeconds)}.`
      : 'The shop is very busy. Nothing was charged. Please try again in a moment.',
  fix: 'wait',
});

function invalidFields(params: unknown): Record<string, string> {
  if (!Array.isArray(params)) return {};
  const fields: Record<string, string> = {};
  for (const param of params as unknown[]) {
    const { name, reason } = (param ?? {}) as { name?: unknown; reason?: unknown };
    if (typeof name === 'string' && typeof reason === 'string') fields[name] = reason;
  }
  return fields;
}

/**
 * The shopper's view of a failed checkout: a declined card (402), missing stock (409), a busy or
 * broken shop (429, 503, 5xx, no answer) — and always whether anything was charged.
 */
export function checkoutProblemOf(
  error: unknown,
  productName: (sku: string) => string,
): CheckoutProblem {
  if (!isApiError(error)) {
    return {
      title: 'Something went wrong',
      message: 'Your order was not placed and nothing was charged. Please try again.',
      fix: 'wait',
    };
  }
  const problem = error.problem ?? {};
  switch (error.status) {
    case 0:
      return {
        title: 'We could not reach the shop',
        message:
          'Check your connection and try again. If an order went through, we will not charge it twice.',
        fix: 'wait',
      };
    case 402: {
      const code = typeof problem['decline_code'] === 'string' ? problem['decline_code'] : '';
      return { ...(DECLINES[code] ?? CARD_DECLINED), fix: 'card' };
    }
    case 409: {
      if (error.code === 'insufficient_stock') {
        const sku = typeof problem['sku'] === 'string' ? problem['sku'] : '';
        const available = typeof problem['available'] === 'number' ? problem['available'] : 0;
        const name = productName(sku);
        return {
          title: 'Not enough stock',
          message:
            available > 0
              ? `Sorry, only ${available} of ${name} left. Please lower the quantity in your cart. Nothing was charged.`
              : `Sorry, ${name} is out of stock. Please remove it from your cart. Nothing was charged.`,
          fix: 'cart',
          sku,
          available,
        };
      }
      if (error.code === 'stock_unavailable') {
        return {
          title: 'Your items sold out',
          message:
            'The items sold out while your payment went through. The charge is being refunded to your card.',
          fix: 'cart',
        };
      }
      return tryLater(error.retryAfterSeconds);
    }
    case 400:
    case 422: {
      const fields = invalidFields(problem['invalid_params']);
      if (error.code === 'unknown_product') {
        return {
          title: 'A product is no longer sold',
          message: 'Please remove it from your cart and try again. Nothing was charged.',
          fix: 'cart',
        };
      }
      return {
        title: 'Please check your details',
        message:
          typeof problem.detail === 'string'
            ? `${problem.detail} Nothing was charged.`
            : 'Some details are not valid. Nothing was charged.',
        fix: 'fields',
        fields,
      };
    }
    case 429:
      return tryLater(error.retryAfterSeconds);
    case 503:
      // The gateway lost order's answer: the order may well be placed and paid. Only the same
      // Idempotency-Key sent again can tell, and it never charges twice.
      return error.code === 'dependency_unavailable' && problem['dependency'] === 'order'
        ? {
            title: 'We could not confirm your order',
            message:
              'Please try again: if your order went through, trying again shows it and does not charge you twice.',
            fix: 'wait',
          }
        : tryLater(error.retryAfterSeconds);
    default:
      return error.code === 'payment_failed'
        ? {
            title: 'We could not take the payment',
            message:
              'The payment did not go through and nothing was charged. Please try again later.',
            fix: 'wait',
          }
        : {
            title: 'We could not place your order',
            message: 'Something went wrong on our side. Please try again later.',
            fix: 'wait',
          };
  }
}
