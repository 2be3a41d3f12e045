import { FAULT_KINDS, FAULT_POINTS } from '@faultline/faults/vocabulary';

/**
 * The fault points and kinds the single-fault form offers: the engine's own names
 * (libs/faults/src/vocabulary.ts, no schema and no Node in it). The process still checks a rule
 * and names the field it refuses.
 */
export const POINTS = FAULT_POINTS;
export const KINDS = FAULT_KINDS;
