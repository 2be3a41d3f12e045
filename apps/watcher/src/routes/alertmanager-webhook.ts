import { required } from '@faultline/contracts';
import { z } from 'zod';

const status = z.enum(['firing', 'resolved'], {
  error: required('must be "firing" or "resolved"'),
});

const text = (what: string) =>
  z.string({ error: required(`must be ${what}`) }).min(1, 'must not be empty');

/** A label or annotation set: names to string values. */
const stringMap = z.record(z.string(), z.string({ error: 'must be a string' }), {
  error: required('must be an object of string values'),
});

/** A time as Alertmanager writes it (RFC 3339, nanoseconds allowed; 0001-01-01T00:00:00Z = unset). */
const timestamp = z.iso.datetime({
  offset: true,
  error: required('must be an RFC 3339 date-time'),
});

const alert = z.object(
  {
    status,
    labels: stringMap,
    annotations: stringMap,
    startsAt: timestamp,
    endsAt: timestamp,
    generatorURL: z.string({ error: 'must be a string' }).optional(),
    fingerprint: z.string({ error: 'must be a string' }).optional(),
  },
  { error: required('must be an object') },
);

/**
 * Alertmanager's webhook payload, version 4 (webhook_configs of any receiver): the fields the
 * pager needs are required; the grouping fields are checked when present.
 */
export const alertmanagerWebhookSchema = z.object(
  {
    version: z.literal('4', { error: required('must be "4" (the webhook payload version)') }),
    receiver: text('the receiver name'),
    status,
    groupKey: z.string({ error: required('must be a string') }),
    alerts: z
      .array(alert, { error: required('must be an array of alerts') })
      .min(1, 'must hold at least one alert'),
    truncatedAlerts: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be zero or more')
      .default(0),
    groupLabels: stringMap.optional(),
    commonLabels: stringMap.optional(),
    commonAnnotations: stringMap.optional(),
    externalURL: z.string({ error: 'must be a string' }).optional(),
  },
  { error: 'must be a JSON object' },
);
