import { noAnswerReason } from '@faultline/instrumented';
import type { ReadinessProbe } from '../domain/ports';

/** How long a canary has to answer its readiness check before a deployment is refused. */
const PROBE_TIMEOUT_MS = 2_000;

/** GET <baseUrl>/health/ready: ready on a 200, else why not (its status, or no answer). */
export const readinessProbe: ReadinessProbe = async (baseUrl) => {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status === 200
      ? { ready: true, why: 'ready' }
      : { ready: false, why: `/health/ready answered ${response.status}` };
  } catch (error) {
    return { ready: false, why: noAnswerReason(error) };
  }
};
