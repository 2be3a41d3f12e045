import type { Step } from './panels';

/** Higher is better: a ratio whose objective is `good`, amber down to `warn`, red below. */
export const ratioSteps = (warn: number, good: number): Step[] => [
  { value: null, color: 'red' },
  { value: warn, color: 'orange' },
  { value: good, color: 'green' },
];

/** Lower is better: green below `warn`, amber up to `bad`, red above. */
export const ceilingSteps = (warn: number, bad: number): Step[] => [
  { value: null, color: 'green' },
  { value: warn, color: 'orange' },
  { value: bad, color: 'red' },
];

/** No judgement: a count or rate shown in the neutral colour. */
export const neutralSteps: Step[] = [{ value: null, color: 'blue' }];
