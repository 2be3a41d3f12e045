/**
 * The names of the fault vocabulary, and nothing else: no schema, no Node. The browser's control
 * room offers them in its single-fault form, the engine checks rules against them (rule.ts).
 */
/** Named places in the services' code where a fault can be injected. */
export const FAULT_POINTS = [
  'http.server',
  'payment.gateway.charge',
  'payment.fraud',
  'inventory.db',
  'catalog.db',
  'order.payment_client',
  'gateway.http',
  'process.memory',
  'order.retry_worker',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export const FAULT_KINDS = [
  'error',
  'latency',
  'timeout',
  'connection_reset',
  'decline',
  'wrong_answer',
  'cpu_burn',
  'memory_leak',
  'stop_heartbeat',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const KINDS_AT = {
  'http.server': ['error', 'latency', 'timeout', 'connection_reset'],
  'payment.gateway.charge': ['error', 'latency', 'timeout', 'decline', 'wrong_answer'],
  'payment.fraud': ['cpu_burn', 'latency'],
  'inventory.db': ['latency'],
  'catalog.db': ['latency'],
  'order.payment_client': ['connection_reset', 'latency'],
  'gateway.http': ['connection_reset', 'latency'],
  'process.memory': ['memory_leak'],
  'order.retry_worker': ['stop_heartbeat'],
} as const satisfies Record<FaultPoint, readonly FaultKind[]>;

/** Which kinds make sense where: anything else is refused with 400. */
export const KINDS_BY_POINT: Readonly<Record<FaultPoint, readonly FaultKind[]>> = KINDS_AT;

/** The kinds a rule at point `P` can have. */
export type FaultKindAt<P extends FaultPoint> = (typeof KINDS_AT)[P][number];
