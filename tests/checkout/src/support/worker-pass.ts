import { sleep } from './eventually';
import { scrapeMetrics } from './scrape-metrics';

/** Set by the retry worker at the end of each run (its "proof of life"). */
export const HEARTBEAT = 'retry_worker_heartbeat_timestamp_seconds';

const heartbeatOf = async (orderUrl: string): Promise<number> =>
  (await scrapeMetrics(orderUrl)).value(HEARTBEAT);

/**
 * Resolves once order's retry worker has run a whole pass that began after the call: what the test
 * wrote before calling (an order made due, say) has been seen and acted on. Runs follow one another,
 * so the second heartbeat change after the call ends a run that started after the first change.
 */
export async function completedWorkerPass(orderUrl: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await heartbeatOf(orderUrl);
  for (let changes = 0; changes < 2;) {
    if (Date.now() > deadline) {
      throw new Error(`order's retry worker completed no pass in ${timeoutMs} ms (${HEARTBEAT})`);
    }
    await sleep(20);
    const now = await heartbeatOf(orderUrl);
    if (now !== last) changes += 1;
    last = now;
  }
}
