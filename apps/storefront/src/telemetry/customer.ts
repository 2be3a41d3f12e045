import type { Context } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';

const CUSTOMER_KEY = 'faultline.customer-id';

/** Semantic conventions' `enduser.id`: who the shopper is, once they have said so at checkout. */
export const ATTR_ENDUSER_ID = 'enduser.id';

/** The customer id the shopper gave at checkout, remembered for their next visit. */
export const customerIdentity = {
  current(): string | undefined {
    try {
      return localStorage.getItem(CUSTOMER_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  remember(customerId: string): void {
    try {
      localStorage.setItem(CUSTOMER_KEY, customerId);
    } catch {
      // Storage refused: the id is still sent with this order, only not prefilled next time.
    }
  },
};

/** Puts `enduser.id` on every span started once the customer id is known. */
export function customerSpanProcessor(current: () => string | undefined): SpanProcessor {
  return {
    onStart(span: Span, _parent: Context) {
      const id = current();
      if (id) span.setAttribute(ATTR_ENDUSER_ID, id);
    },
    onEnd: () => undefined,
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
