import type { FaultRule } from './rule';

/**
 * Retains allocations at a steady rate, the way a cache without eviction does, up to a cap; all of
 * it becomes garbage again when the fault is removed or expires.
 */
export function startMemoryLeak(rule: FaultRule): () => void {
  const mbPerMinute = Number(rule.params['mbPerMinute'] ?? 20);
  const maxMb = Number(rule.params['maxMb'] ?? 512);
  const perTick = Math.max(1, Math.round((mbPerMinute * 1024 * 1024) / 60));
  let retained: Buffer[] = [];
  let total = 0;
  const timer = setInterval(() => {
    if (total + perTick > maxMb * 1024 * 1024) return;
    retained.push(Buffer.alloc(perTick, 1));
    total += perTick;
  }, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    retained = [];
    total = 0;
  };
}
