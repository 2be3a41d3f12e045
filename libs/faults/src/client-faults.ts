import type { CallInterceptor } from '@faultline/instrumented';
import { faultDelayMs } from './faults';
import type { Faults } from './faults';

/** The fault points that live in a service client. */
export type ClientFaultPoint = 'order.payment_client';

/**
 * A fault point on a service client (createServiceClient's `interceptor`): `latency` holds each
 * attempt up before it is sent, `connection_reset` cuts the request `afterMs` after it was sent.
 * Both wait on the client's own sleep (and jitter rolls its own random), so a test that injects
 * them controls the fault too.
 */
export function clientFaults(faults: Faults, point: ClientFaultPoint): CallInterceptor {
  return {
    async beforeAttempt(call, { sleep, random }) {
      const rule = faults.check(point, { method: call.method, path: call.path });
      switch (rule?.kind) {
        case undefined:
          return undefined;
        case 'latency':
          await sleep(faultDelayMs(rule, random));
          return undefined;
        case 'connection_reset': {
          const cut = new AbortController();
          void sleep(rule.params.afterMs).then(() => {
            cut.abort();
          });
          return { cut: cut.signal };
        }
      }
    },
  };
}
