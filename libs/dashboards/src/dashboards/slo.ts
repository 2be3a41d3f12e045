import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultlineDashboard } from '../base';
import { ceilingSteps, ratioSteps } from '../colors';
import { note, singleStat, timeSeries } from '../panels';
import { promql, promqlInstant } from '../queries';
import {
  CHECKOUT_ERROR_BUDGET,
  CHECKOUT_OBJECTIVE,
  checkoutBurnRate,
  checkoutErrorRatio,
} from '../slo';

const budget = String(CHECKOUT_ERROR_BUDGET);

/** The checkout availability SLO: 99.5 % over 30 days, its error budget and burn rates. */
export function sloErrorBudget() {
  return faultlineDashboard({
    uid: 'faultline-slo-checkout',
    title: 'SLO and error budget',
    description:
      'Checkout availability SLO (99.5 % of checkouts get a good answer over 30 days): attainment, error budget left and burn rates.',
    tags: ['slo'],
  })
    .withPanel(
      note(
        'About this SLO',
        `**Objective:** ${(CHECKOUT_OBJECTIVE * 100).toFixed(1)} % of checkouts (POST /orders) get a good answer over 30 days. ` +
          'A checkout is *bad* when it is left `payment_pending` or answered with a 5xx; paid, declined and out-of-stock are good answers. ' +
          'Burn rate 1 spends the budget in exactly 30 days. CheckoutErrorBudgetBurnFast fires above 14.4 over 1 h and 5 m, or 6 over 6 h and 30 m; ' +
          'CheckoutErrorBudgetBurnSlow above 3 over 1 d and 2 h, or 1 over 3 d and 6 h. ' +
          'The 30-day figures cover what Prometheus holds: after `docker compose down -v`, since the stack started.',
      ),
    )
    .withRow(new RowBuilder('Attainment'))
    .withPanel(
      singleStat(
        'Checkout availability (30d)',
        'Share of checkouts with a good answer over the last 30 days.',
        'percentunit',
        promqlInstant(`1 - (${checkoutErrorRatio('30d')})`),
        ratioSteps(CHECKOUT_OBJECTIVE - 0.005, CHECKOUT_OBJECTIVE),
      ).decimals(2),
    )
    .withPanel(
      singleStat(
        'Error budget remaining (30d)',
        'Share of the 30-day error budget not yet spent. Below zero the objective is missed.',
        'percentunit',
        promqlInstant(`1 - (${checkoutErrorRatio('30d')}) / ${budget}`),
        ratioSteps(0, 0.25),
      ).decimals(1),
    )
    .withPanel(
      singleStat(
        'Burn rate (1h)',
        'Bad-checkout ratio of the last hour divided by the budget. 14.4 or more (with the 5-minute window) spends 2 % of the month’s budget per hour and pages.',
        'none',
        promqlInstant(checkoutBurnRate('1h')),
        ceilingSteps(6, 14.4),
      ).decimals(2),
    )
    .withPanel(
      singleStat(
        'Burn rate (6h)',
        'Bad-checkout ratio of the last 6 hours divided by the budget. 6 or more (with the 30-minute window) also pages.',
        'none',
        promqlInstant(checkoutBurnRate('6h')),
        ceilingSteps(3, 6),
      ).decimals(2),
    )
    .withRow(new RowBuilder('Over time'))
    .withPanel(
      timeSeries(
        'Checkout error ratio vs budget',
        'Share of bad checkouts (5-minute window) against the budget of 0.5 %.',
        'percentunit',
        [
          promql(checkoutErrorRatio('5m'), 'bad checkout ratio (5m)'),
          promql(`vector(${budget})`, 'error budget'),
        ],
      ).min(0),
    )
    .withPanel(
      timeSeries(
        'Burn rate by window',
        'Burn rate over the windows the burn-rate alerts pair: 1 h with 5 m above 14.4, 6 h with 30 m above 6.',
        'none',
        [
          promql(checkoutBurnRate('5m'), '5m'),
          promql(checkoutBurnRate('30m'), '30m'),
          promql(checkoutBurnRate('1h'), '1h'),
          promql(checkoutBurnRate('6h'), '6h'),
        ],
      ).min(0),
    )
    .build();
}
