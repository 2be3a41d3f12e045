import type { Metrics } from '@faultline/instrumented';

/** What a client's request was for, as the rate limiter counts it (bounded label values). */
export const RATE_LIMITED_ROUTES = ['api', 'storefront', 'otlp'] as const;
export type RateLimitedRoute = (typeof RATE_LIMITED_ROUTES)[number];

/** Dependencies an answer can be given without, degraded. */
export const DEGRADABLE_DEPENDENCIES = ['inventory'] as const;
export type DegradableDependency = (typeof DEGRADABLE_DEPENDENCIES)[number];

/** The gateway's own counters, beside the RED metrics every service has. */
export interface GatewayMetrics {
  rateLimited(route: RateLimitedRoute): void;
  degraded(dependency: DegradableDependency): void;
}

/**
 * gateway_rate_limited_total{route} and gateway_degraded_answers_total{dependency}, every series
 * at 0 from the start so a rate() over them exists before the first refusal.
 */
export function gatewayMetrics(metrics: Metrics): GatewayMetrics {
  const rateLimited = metrics.counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused with 429 because their client was over its rate limit, by what they were for.',
    labelNames: ['route'],
  });
  const degraded = metrics.counter({
    name: 'gateway_degraded_answers_total',
    help: 'Answers given without a dependency that did not answer (products without stock levels), by dependency.',
    labelNames: ['dependency'],
  });
  for (const route of RATE_LIMITED_ROUTES) rateLimited.inc({ route }, 0);
  for (const dependency of DEGRADABLE_DEPENDENCIES) degraded.inc({ dependency }, 0);
  return {
    rateLimited: (route) => {
      rateLimited.inc({ route });
    },
    degraded: (dependency) => {
      degraded.inc({ dependency });
    },
  };
}
