import type { ParsedCheckoutRequest, Product, ResetStepView } from '@faultline/contracts';
import type { ServiceName } from '@faultline/scenarios';

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

/** A service whose /admin/faults the control room reaches through the gateway. */
export type AdminService = Exclude<ServiceName, 'gateway'>;

/** A call to a service's /admin/faults as the control room's browser made it. */
export interface AdminRequest {
  method: string;
  /** Below /admin/faults: '' or '/seed', '/<id>'… (segments already encoded). */
  path: string;
  /** The JSON body, when there was one. */
  body?: unknown;
  /** The caller's Authorization header, passed on as it came: the service checks it too. */
  authorization?: string;
}

/** The services' fault admin APIs, which only the gateway can reach (they are internal). */
export interface FaultAdminProxy {
  /** The service's answer, status and body as it gave them; throws when it gives none. */
  forward(service: AdminService, request: AdminRequest): Promise<PassedAnswer>;
}

/** The ids of the fault rules active now on every process; one that cannot be reached holds none. */
export interface ActiveFaults {
  ids(): Promise<string[]>;
}

/** Another stack of the workshop room (a group's), reached through its gateway. */
export interface OtherStack {
  name: string;
  /** Its gateway's base URL. */
  url: string;
}

/** A call to another stack's /control/api as the host's control room made it. */
export interface StackRequest {
  method: string;
  /** Below /control/api: '/scenarios', '/processes/payment/admin/faults'… (segments encoded). */
  path: string;
  /** The JSON body, when there was one. */
  body?: unknown;
  /** The caller's Authorization header, passed on as it came: the other gateway checks it. */
  authorization?: string;
  /** How long to wait for its answer (a reset takes longer than a list). */
  timeoutMs: number;
}

/** The room's other stacks, whose control room API this gateway calls for the host. */
export interface OtherStacks {
  readonly list: readonly OtherStack[];
  /** The stack's answer, status and body as it gave them; throws when it gives none. */
  forward(stack: OtherStack, request: StackRequest): Promise<PassedAnswer>;
}

/** This stack's soft reset between rounds: faults cleared, data back to the seed, per step. */
export interface StackReset {
  /** With the caller's admin token; the series go too only when `deleteSeries` and Prometheus is known. */
  run(token: string, options: { deleteSeries: boolean }): Promise<ResetStepView[]>;
}
