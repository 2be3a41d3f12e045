import type { ScenarioView } from './control-api';

/** One fault of a scenario drawn as a bar over the scenario's length (percentages). */
export interface TimelineBar {
  service: string;
  point: string;
  kind: string;
  /** Where it starts and how wide it is, in percent of the scenario's length. */
  leftPercent: number;
  widthPercent: number;
  /** When it starts and ends, as written (seconds after the start). */
  fromSeconds: number;
  toSeconds: number;
}

/** A scenario's faults as bars over its length, in the order written (a bar is never invisible). */
export function timelineBars(
  scenario: Pick<ScenarioView, 'faults' | 'runsSeconds'>,
): TimelineBar[] {
  const length = Math.max(1, scenario.runsSeconds);
  return scenario.faults.map((fault) => {
    const from = fault.startAfterSeconds;
    const to = from + fault.durationSeconds;
    const widthPercent = Math.max(1, Math.min(100, ((to - from) / length) * 100));
    return {
      service: fault.service,
      point: fault.rule.point,
      kind: fault.rule.kind,
      // A bar widened to be seen moves left rather than past the end.
      leftPercent: Math.min((from / length) * 100, 100 - widthPercent),
      widthPercent,
      fromSeconds: from,
      toSeconds: to,
    };
  });
}
