import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { faultAnnotation } from '../annotations';
import { faultlineDashboard } from '../base';
import { paymentSuccessRatioStat } from '../headline-stats';
import { ceilingSteps, ratioSteps } from '../colors';
import { serviceLinks } from '../links';
import { note, promTable, singleStat, stateTimeline, valueText } from '../panels';
import { promql, promqlInstant } from '../queries';
import {
  CHECKOUT_SUCCESS_RATIO_5M,
  PENDING_ORDERS,
  checkoutLatency,
} from '../headline-expressions';

/** For the workshop host: which faults are injected, next to the symptoms attendees see. */
export function instructor() {
  return (
    faultlineDashboard({
      uid: 'faultline-instructor',
      title: 'Instructor',
      description:
        'The answer sheet: faults injected now (faultline_fault_active) next to the symptoms attendees see.',
      tags: ['instructor'],
    })
      // Here only: on the attendees' dashboards a fault region would give the answer away.
      .annotation(faultAnnotation())
      .withPanel(
        note(
          'For the workshop host',
          'This folder reveals the cause. Attendees diagnose from the **Faultline** folder, Explore and the runbooks only. ' +
            'Faults are applied with `npm run faultline -- run <scenario>` or the `/admin/faults` API of each service.',
        ),
      )
      .withRow(new RowBuilder('Faults'))
      .withPanel(
        singleStat(
          'Active faults',
          'Number of fault rules active across the four services.',
          'none',
          promqlInstant('count(faultline_fault_active > 0) or vector(0)'),
          ceilingSteps(1, 1),
        ),
      )
      .withPanel(
        promTable(
          'Active faults by service, point and kind',
          'Every fault rule active now: the service (job), its fault point and the kind of fault.',
          promqlInstant('sum by (job, point, kind) (faultline_fault_active) > 0'),
          { width: 18, height: 5 },
        ).noValue('No fault active'),
      )
      .withPanel(
        stateTimeline(
          'Faults over time',
          'When each fault point and kind was active. Click a row for the service’s Service RED or Explore over the same time range.',
          promql(
            'sum by (job, point, kind) (faultline_fault_active)',
            '{{job}} {{point}} {{kind}}',
          ),
          [valueText({ '0': { text: 'off', color: 'green' } })],
          [
            { value: null, color: 'green' },
            { value: 1, color: 'red' },
          ],
          { width: 24 },
        ).dataLinks(
          serviceLinks({
            label: 'job',
            explore: (service) => `sum by (point, kind) (faultline_fault_active{job="${service}"})`,
          }),
        ),
      )
      .withRow(new RowBuilder('What attendees see'))
      .withPanel(
        singleStat(
          'Checkout success ratio',
          'Share of customers’ checkouts that ended paid over the last 5 minutes.',
          'percentunit',
          promqlInstant(CHECKOUT_SUCCESS_RATIO_5M),
          ratioSteps(0.8, 0.9),
        ).decimals(1),
      )
      .withPanel(paymentSuccessRatioStat())
      .withPanel(
        singleStat(
          'Checkout p95 latency',
          'p95 duration of POST /orders over the last 5 minutes.',
          's',
          promqlInstant(checkoutLatency(0.95, '5m')),
          ceilingSteps(0.5, 1),
        ),
      )
      .withPanel(
        singleStat(
          'Pending orders',
          'Orders waiting for the payment retry worker.',
          'none',
          promqlInstant(PENDING_ORDERS),
          ceilingSteps(5, 50),
        ),
      )
      .build()
  );
}
