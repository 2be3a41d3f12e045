import type { Pace, UncheckedRule } from '@faultline/fault-admin';
import { PROCESSES } from './processes';
import type { ProcessName } from './processes';

/** What a form says about its fields: field name → what is wrong with it. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type Parsed<T, F extends string> =
  { ok: true; value: T } | { ok: false; errors: FieldErrors<F> };

const numberOf = (text: string): number | undefined => {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
};

/** How fast to play a scenario: as written, `speed` times faster, or over `duration` seconds. */
export type PaceMode = 'as-written' | 'speed' | 'duration';

export function parsePace(mode: PaceMode, text: string): Parsed<Pace, 'pace'> {
  if (mode === 'as-written') return { ok: true, value: {} };
  const value = numberOf(text);
  if (value === undefined || value <= 0) {
    return {
      ok: false,
      errors: {
        pace:
          mode === 'speed'
            ? 'Enter a speed above 0 (2 plays it twice as fast).'
            : 'Enter a number of seconds above 0.',
      },
    };
  }
  return { ok: true, value: mode === 'speed' ? { speed: value } : { durationSeconds: value } };
}

/**
 * Parameters as the CLI takes them, `key=value` separated by commas, spaces or lines; a number
 * is sent as a number (status=503), anything else as text.
 */
export function parseParams(text: string): Parsed<Record<string, unknown>, 'params'> {
  const params: Record<string, unknown> = {};
  for (const pair of text.split(/[\s,]+/).filter((p) => p !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      return { ok: false, errors: { params: `Write each parameter as key=value ("${pair}").` } };
    }
    const raw = pair.slice(at + 1);
    params[pair.slice(0, at)] = numberOf(raw) ?? raw;
  }
  return { ok: true, value: params };
}

export type FaultField = 'service' | 'point' | 'kind' | 'probability' | 'params' | 'duration';

export interface FaultFormValues {
  service: string;
  point: string;
  kind: string;
  probability: string;
  params: string;
  duration: string;
}

/**
 * One fault as the form holds it, checked for what the form can tell (a number where one is
 * needed); the process checks the rest (a kind its point does not take) and names the field.
 */
export function parseFault(
  values: FaultFormValues,
): Parsed<{ service: ProcessName; rule: UncheckedRule }, FaultField> {
  const errors: FieldErrors<FaultField> = {};
  const service = PROCESSES.find((name) => name === values.service);
  if (!service) errors.service = 'Choose a process.';
  if (values.point.trim() === '') errors.point = 'Choose a fault point.';
  if (values.kind.trim() === '') errors.kind = 'Choose a kind of fault.';
  const probability = numberOf(values.probability);
  if (
    values.probability.trim() !== '' &&
    (probability === undefined || probability < 0 || probability > 1)
  )
    errors.probability = 'Enter a probability between 0 and 1 (0.3 is 30%).';
  const duration = numberOf(values.duration);
  if (values.duration.trim() !== '' && (duration === undefined || duration <= 0))
    errors.duration = 'Enter a number of seconds above 0.';
  const params = parseParams(values.params);
  if (!params.ok) Object.assign(errors, params.errors);
  if (!service || Object.keys(errors).length > 0 || !params.ok) return { ok: false, errors };
  return {
    ok: true,
    value: {
      service,
      rule: {
        point: values.point.trim(),
        kind: values.kind.trim(),
        ...(probability !== undefined && { probability }),
        params: params.value,
        ...(duration !== undefined && { durationSeconds: duration }),
      },
    },
  };
}

/** The dice's seed: a whole number from 0. */
export function parseSeed(text: string): Parsed<number, 'seed'> {
  const value = numberOf(text);
  return value !== undefined && Number.isInteger(value) && value >= 0
    ? { ok: true, value }
    : { ok: false, errors: { seed: 'Enter a whole number from 0.' } };
}
