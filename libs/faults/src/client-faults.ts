import type { CallInterceptor } from '@faultline/instrumented';
import { faultDelayMs } from './faults';
import type { Faults } from './faults';

/** The fault points that live in a service client. */
export type ClientFaultPoint = 'order.payment_client' | 'gateway.http';

/**
 * A fault point on a service client (createServiceClient's `interceptor`): `latency` holds each
 * attempt up before it is sent, `connection_reset` cuts the request `afterMs` after it was sent.
 * Both wait on the client's own sleep (and jitter rolls its own random), so a test that injects
 * them controls the fault too. A rule can `match` the call's `method` and `path`, and `peer`: the
 * service the client calls (so one of the gateway's routes can fail while the others work).
 */
export function clientFaults(
  faults: Faults,
  point: ClientFaultPoint,
  peer: string,
): CallInterceptor {
  return {
    async beforeAttempt(call, { sleep, random }) {
      const rule = faults.check(point, { method: call.method, path: call.path, peer });
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
