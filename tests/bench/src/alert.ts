import { faultAdmin } from '@faultline/fault-admin';
import { scrapeTargets, startPrometheus, testPrometheusConfig } from '@faultline/stack';
import type { PrometheusProcess, Stack } from '@faultline/stack';
import { onInterrupt } from './cleanup';
import { checkoutRequest } from './checkout-request';
import { ADMIN_TOKEN } from './stacks';

export interface AlertResult {
  /** Prometheus scrape and evaluation interval used. */
  interval: string;
  /** Fault applied → PaymentSuccessRatioLow pending / firing, in seconds (NaN: not within the limit). */
  pendingAfterS: number;
  firingAfterS: number;
  limitS: number;
  /** Checkout answers during the phase, by status (201 paid, 202 payment pending while failing). */
  statuses: Record<string, number>;
}

/** A few checkouts a second until stopped, every answer counted by status (0: no answer). */
function steadyCheckouts(orderUrl: string, perSecond: number) {
  const statuses: Record<string, number> = {};
  const state = { running: true };
  const one = async (): Promise<void> => {
    const { headers, body } = checkoutRequest();
    let status = 0;
    try {
      const response = await fetch(`${orderUrl}/orders`, { method: 'POST', headers, body });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      // counted as 0
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    while (state.running) {
      const call = one();
      inFlight.add(call);
      void call.then(() => inFlight.delete(call));
      await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
    }
    await Promise.all(inFlight);
  })();
  return {
    statuses,
    async stop(): Promise<void> {
      state.running = false;
      await loop;
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The workshop's main scenario, timed: steady checkouts, then the card gateway fails 30% of charges,
 * and a real Prometheus running infra/prometheus's config and rules (only the intervals set here)
 * is watched until PaymentSuccessRatioLow fires.
 */
export async function measureAlert(
  stack: Stack,
  interval: string,
  limitS: number,
  log: (line: string) => void,
): Promise<AlertResult> {
  const traffic = steadyCheckouts(stack.urls.order, 10);
  let prometheus: PrometheusProcess | undefined;
  const undo = onInterrupt(async () => {
    await prometheus?.stop();
  });
  try {
    prometheus = await startPrometheus((own) =>
      testPrometheusConfig({
        targets: scrapeTargets(stack.urls, own),
        scrapeInterval: interval,
        evaluationInterval: interval,
      }),
    );
    // A healthy baseline: the alert's rate() has two samples of captured payments to work with.
    const baselineDeadline = Date.now() + 120_000;
    for (;;) {
      const rate = await prometheus.query(
        'sum(rate(payments_total{job="payment",outcome="captured"}[1m]))',
      );
      if ((rate[0]?.value ?? 0) > 0) break;
      if (Date.now() > baselineDeadline) throw new Error('Prometheus never saw captured payments');
      await sleep(500);
    }
    log(`alert: baseline ready, applying the 30% gateway-error fault`);
    const payment = faultAdmin({
      baseUrl: stack.urls.payment,
      token: ADMIN_TOKEN,
      name: 'payment',
    });
    await payment.seed(30);
    const faultAt = Date.now();
    await payment.apply({
      point: 'payment.gateway.charge',
      kind: 'error',
      probability: 0.3,
      params: { status: 503, code: 'gateway_unavailable' },
    });
    let pendingAfterS = Number.NaN;
    let firingAfterS = Number.NaN;
    while (Date.now() - faultAt < limitS * 1000) {
      const alert = (await prometheus.alerts()).find(
        (a) => a.labels['alertname'] === 'PaymentSuccessRatioLow',
      );
      const elapsedS = (Date.now() - faultAt) / 1000;
      if (alert && Number.isNaN(pendingAfterS)) pendingAfterS = elapsedS;
      if (alert?.state === 'firing') {
        firingAfterS = elapsedS;
        break;
      }
      await sleep(500);
    }
    await payment.clear();
    return { interval, pendingAfterS, firingAfterS, limitS, statuses: traffic.statuses };
  } finally {
    undo();
    await traffic.stop();
    await prometheus?.stop();
  }
}
