import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import { ratioSteps } from './colors';
import { PAYMENT_SUCCESS_RATIO_5M } from './headline-expressions';
import { singleStat } from './panels';
import type { PanelSize } from './panels';
import { promqlInstant } from './queries';

/** The payment success ratio as one number, the same on every dashboard that shows it. */
export function paymentSuccessRatioStat(size: PanelSize = {}): stat.PanelBuilder {
  return singleStat(
    'Payment success ratio',
    'Share of the charges the card gateway handled that it captured, over 5 minutes (declines are the card’s answer and do not count).',
    'percentunit',
    promqlInstant(PAYMENT_SUCCESS_RATIO_5M),
    ratioSteps(0.85, 0.95),
    size,
  ).decimals(1);
}
