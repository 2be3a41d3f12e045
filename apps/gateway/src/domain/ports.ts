import type { ParsedCheckoutRequest, Product } from '@faultline/contracts';

/** The products the shop sells, from catalog. Throws when catalog gives no usable answer. */
export interface Catalog {
  /** The products shoppers browse. */
  list(): Promise<Product[]>;
  /** One product by id; undefined when catalog has no such product. */
  find(id: string): Promise<Product | undefined>;
}

/** Units available to reserve, from inventory. Throws when inventory gives no usable answer. */
export interface Stock {
  /** Every stocked SKU's available units. */
  levels(): Promise<ReadonlyMap<string, number>>;
  /** One SKU's available units; undefined when inventory does not stock it. */
  level(sku: string): Promise<number | undefined>;
}

/**
 * An answer the customer gets as a service gave it, status and body: an order, or a problem
 * (a declined card, out of stock, a 503 of order's own…), already read against its contract.
 */
export interface PassedAnswer {
  status: number;
  body: unknown;
}

/** The order service's public checkout. Throws when order gives no answer (timeout, refused…). */
export interface Orders {
  place(idempotencyKey: string, checkout: ParsedCheckoutRequest): Promise<PassedAnswer>;
  find(id: string): Promise<PassedAnswer>;
}

/** The OpenTelemetry collector, which the browser never reaches itself. */
export interface TelemetryCollector {
  /** Sends an OTLP/JSON trace export on; the collector's answer, or a throw when it gives none. */
  forwardTraces(payload: unknown): Promise<PassedAnswer>;
}
