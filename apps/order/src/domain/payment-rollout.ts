import type { Logger, Metrics } from '@faultline/instrumented';
import type { PaymentClient } from './ports';

/** A second payment release beside the stable one, and the share of charges it takes. */
export interface CanaryRoute {
  /** The canary's release (its SERVICE_VERSION), as the deployment names it. */
  version: string;
  /** Where the canary listens, e.g. http://127.0.0.1:3014. */
  baseUrl: string;
  /** Percent of charges sent to the canary, 0–100. */
  weightPercent: number;
  /** The scenario run that shipped it (`<scenario>.<n>`), when one did. */
  id?: string;
}

/** What a deployment of payment looks like now: the stable share, and the canary if one runs. */
export interface RolloutState {
  service: 'payment';
  stable: { weightPercent: number };
  canary: CanaryRoute | null;
}

/**
 * Order's client of payment, split between the stable release and a canary by weight: the one
 * place traffic is shifted during a deployment. Charges go to the canary with its weight's
 * probability, each on its own (a retry of the same idempotency key may land on the other
 * release: both share payment's database, which holds the key). Refunds go to the stable release.
 */
export interface PaymentRollout extends PaymentClient {
  state(): RolloutState;
  /** Routes the canary's share to `route`, replacing any canary routed before. */
  deploy(route: CanaryRoute): RolloutState;
  /** Sends every charge to the stable release again; the canary routed before, if any. */
  rollback(): CanaryRoute | null;
}

export interface PaymentRolloutDeps {
  stable: PaymentClient;
  /** A client of the payment release at `baseUrl` (its own breaker, the same settings). */
  connect(baseUrl: string): PaymentClient;
  random: () => number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * deployment_traffic_weight_ratio{service,track,version}: the share of calls each release gets
 * (stable: version ""; its release is on its own target_info), and deployments_total{service,
 * version,action}, whose increases the dashboards draw as deployment annotations.
 */
function rolloutMetrics(metrics: Metrics) {
  const weight = metrics.gauge<'service' | 'track' | 'version'>({
    name: 'deployment_traffic_weight_ratio',
    help: "Share of a service's calls routed to each release: stable, and the canary by its version.",
    labelNames: ['service', 'track', 'version'],
  });
  const changes = metrics.counter<'service' | 'version' | 'action'>({
    name: 'deployments_total',
    help: 'Deployment events by service, release and action (canary, rollback).',
    labelNames: ['service', 'version', 'action'],
  });
  weight.set({ service: 'payment', track: 'stable', version: '' }, 1);
  return {
    routed(canary: CanaryRoute | null, previous: CanaryRoute | null) {
      if (previous)
        weight.remove({ service: 'payment', track: 'canary', version: previous.version });
      const share = (canary?.weightPercent ?? 0) / 100;
      weight.set({ service: 'payment', track: 'stable', version: '' }, 1 - share);
      if (canary)
        weight.set({ service: 'payment', track: 'canary', version: canary.version }, share);
    },
    event(version: string, action: 'canary' | 'rollback') {
      changes.inc({ service: 'payment', version, action });
    },
  };
}

export function paymentRollout(deps: PaymentRolloutDeps): PaymentRollout {
  const metrics = rolloutMetrics(deps.metrics);
  let canary: { route: CanaryRoute; client: PaymentClient } | null = null;

  const state = (): RolloutState => ({
    service: 'payment',
    stable: { weightPercent: 100 - (canary?.route.weightPercent ?? 0) },
    canary: canary ? { ...canary.route } : null,
  });
  const pick = (): PaymentClient =>
    canary && deps.random() * 100 < canary.route.weightPercent ? canary.client : deps.stable;

  return {
    charge: (request) => pick().charge(request),
    refund: (paymentId) => deps.stable.refund(paymentId),
    state,
    deploy(route) {
      const previous = canary;
      const client =
        previous?.route.baseUrl === route.baseUrl ? previous.client : deps.connect(route.baseUrl);
      if (previous && previous.client !== client) previous.client.close();
      canary = { route: { ...route }, client };
      metrics.routed(route, previous?.route ?? null);
      metrics.event(route.version, 'canary');
      deps.logger.info(
        {
          event: 'deployment_canary',
          deployed_service: 'payment',
          version: route.version,
          canary_url: route.baseUrl,
          weight_percent: route.weightPercent,
        },
        `payment ${route.version} takes ${route.weightPercent}% of charges as a canary`,
      );
      return state();
    },
    rollback() {
      const previous = canary;
      if (!previous) return null;
      canary = null;
      previous.client.close();
      metrics.routed(null, previous.route);
      metrics.event(previous.route.version, 'rollback');
      deps.logger.info(
        {
          event: 'deployment_rollback',
          deployed_service: 'payment',
          version: previous.route.version,
        },
        `payment ${previous.route.version} rolled back: every charge goes to the stable release`,
      );
      return previous.route;
    },
    close() {
      deps.stable.close();
      canary?.client.close();
    },
  };
}
