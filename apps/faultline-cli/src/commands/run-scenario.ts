import type { AdminClient } from '../admin-client';
import type { Scenario, ScheduledFault } from '../scenario';

const describe = (fault: ScheduledFault): string =>
  `${fault.rule.point} ${fault.rule.kind} (${Math.round(fault.rule.probability * 100)}%) on ${fault.service}`;

const stamp = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `+${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/**
 * Applies a scenario's faults on its timeline and waits until the last one has expired. Aborting
 * (Ctrl-C) removes whatever it applied.
 */
export async function runScenario(
  scenario: Scenario,
  admin: AdminClient,
  out: (line: string) => void,
  signal: AbortSignal,
  seed?: number,
): Promise<void> {
  const started = Date.now();
  const applied: { service: ScheduledFault['service']; id: string }[] = [];
  out(`${scenario.title}\n${scenario.story.trim()}\n`);
  if (seed !== undefined) {
    for (const service of new Set(scenario.faults.map((f) => f.service)))
      await admin.seed(service, seed);
  }
  const cleanUp = async (): Promise<void> => {
    for (const { service, id } of applied.splice(0))
      await admin.remove(service, id).catch(() => undefined);
  };
  const waitUntil = (atMs: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, atMs - (Date.now() - started)));
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const schedule = [...scenario.faults].sort((a, b) => a.startAfterSeconds - b.startAfterSeconds);
  try {
    for (const [index, fault] of schedule.entries()) {
      await waitUntil(fault.startAfterSeconds * 1000);
      if (signal.aborted) break;
      const rule = await admin.apply(fault.service, {
        ...fault.rule,
        id: `${scenario.name}.${index + 1}`,
        durationSeconds: fault.durationSeconds,
      });
      applied.push({ service: fault.service, id: rule.id });
      out(
        `[${stamp(Date.now() - started)}] applied ${describe(fault)} for ${fault.durationSeconds} s`,
      );
    }
    const endMs = Math.max(
      ...schedule.map((f) => (f.startAfterSeconds + f.durationSeconds) * 1000),
    );
    if (!signal.aborted)
      out(
        `[${stamp(Date.now() - started)}] running; all faults expire by ${stamp(endMs)} (Ctrl-C clears them now)`,
      );
    await waitUntil(endMs);
  } finally {
    if (signal.aborted) {
      await cleanUp();
      out(`[${stamp(Date.now() - started)}] stopped: removed the faults this run applied`);
    }
  }
  if (!signal.aborted) out(`[${stamp(Date.now() - started)}] done: every fault has expired`);
}
