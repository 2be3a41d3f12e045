import { trace } from '@opentelemetry/api';
import type CircuitBreaker from 'opossum';
import type { Logger } from '../logging';
import type { Metrics } from '../metrics';

const STATES = ['closed', 'half_open', 'open'] as const;
type BreakerState = (typeof STATES)[number];

export interface BreakerInstruments {
  state: ReturnType<Metrics['gauge']>;
  transitions: ReturnType<Metrics['counter']>;
  rejections: ReturnType<Metrics['counter']>;
}

/** The breaker metrics, created once per registry and shared by every client on it. */
export function createBreakerInstruments(metrics: Metrics): BreakerInstruments {
  return {
    state: metrics.gauge({
      name: 'circuit_breaker_state',
      help: 'Circuit breaker state per peer service: 1 for the current state, 0 for the others.',
      labelNames: ['peer_service', 'state'],
    }),
    transitions: metrics.counter({
      name: 'circuit_breaker_transitions_total',
      help: 'Circuit breaker state changes per peer service and new state.',
      labelNames: ['peer_service', 'state'],
    }),
    rejections: metrics.counter({
      name: 'circuit_breaker_rejections_total',
      help: 'Calls failed fast because the breaker was open.',
      labelNames: ['peer_service'],
    }),
  };
}

/**
 * Bridges opossum's events to metrics, span events on the active span and log lines
 * (opossum-prometheus would pull in an old prom-client, so this is ours).
 */
export function observeBreaker(
  breaker: CircuitBreaker,
  peerService: string,
  instruments: BreakerInstruments,
  logger: Logger,
): void {
  const setState = (current: BreakerState): void => {
    for (const state of STATES) {
      instruments.state.set({ peer_service: peerService, state }, state === current ? 1 : 0);
    }
  };
  setState('closed');
  const onTransition = (state: BreakerState): void => {
    setState(state);
    instruments.transitions.inc({ peer_service: peerService, state });
    trace.getActiveSpan()?.addEvent(`circuit_breaker.${state}`, { 'peer.service': peerService });
    logger.warn(
      { event: 'circuit_breaker_state_changed', peer_service: peerService, state },
      `breaker to ${peerService} is ${state}`,
    );
  };
  breaker.on('open', () => {
    onTransition('open');
  });
  breaker.on('halfOpen', () => {
    onTransition('half_open');
  });
  breaker.on('close', () => {
    onTransition('closed');
  });
  breaker.on('reject', () => {
    instruments.rejections.inc({ peer_service: peerService });
    trace.getActiveSpan()?.addEvent('circuit_breaker.rejected', { 'peer.service': peerService });
  });
}
