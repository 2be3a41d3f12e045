/**
 * What a script with thresholds says as it ends (its `teardown`, which k6 runs just before it
 * prints the end-of-test summary): that the summary is the verdict on the shop, and that exit code
 * 99 means a threshold failed — under a fault, the fault showing, not k6 or the stack broken.
 */

const VERDICT = [
  'The summary below is the verdict on the shop: a threshold marked ✗ failed, and then k6 exits with code 99.',
  'With a fault on (the control room, or faultline run), a failed threshold is the fault showing: the shop got slower, or failed more, than the thresholds allow. Nothing is wrong with k6 or the stack.',
  'With no fault on, the failed threshold names what could not keep up: load-tests/README.md, "When a run exits 99".',
];

/** Prints the verdict's explanation, one log line a sentence (k6 logs console output line by line). */
export function explainTheVerdict(): void {
  for (const line of VERDICT) console.log(line);
}
