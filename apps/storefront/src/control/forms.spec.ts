import { describe, expect, it } from 'vitest';
import { parseFault, parseParams, parsePace, parseSeed } from './forms';

const FAULT = {
  service: 'payment',
  point: 'payment.gateway.charge',
  kind: 'error',
  probability: '0.3',
  params: 'status=503, code=gateway_unavailable',
  duration: '600',
};

describe('parsePace', () => {
  it('plays as written, at a speed, or over a duration', () => {
    expect(parsePace('as-written', 'anything')).toEqual({ ok: true, value: {} });
    expect(parsePace('speed', ' 60 ')).toEqual({ ok: true, value: { speed: 60 } });
    expect(parsePace('duration', '900')).toEqual({ ok: true, value: { durationSeconds: 900 } });
  });

  it.each([
    ['speed', '0'],
    ['speed', 'fast'],
    ['duration', '-5'],
    ['duration', ''],
  ] as const)('refuses %s %j, saying what it needs', (mode, text) => {
    const parsed = parsePace(mode, text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors.pace).toMatch(/above 0/);
  });
});

describe('parseParams', () => {
  it('reads key=value pairs, numbers as numbers', () => {
    expect(parseParams('status=503, code=gateway_unavailable\nms=250')).toEqual({
      ok: true,
      value: { status: 503, code: 'gateway_unavailable', ms: 250 },
    });
    expect(parseParams('  ')).toEqual({ ok: true, value: {} });
  });

  it('names a pair without a key or an equals sign', () => {
    expect(parseParams('status')).toEqual({
      ok: false,
      errors: { params: 'Write each parameter as key=value ("status").' },
    });
    expect(parseParams('=5').ok).toBe(false);
  });
});

describe('parseFault', () => {
  it('gives the rule as the admin API takes it', () => {
    expect(parseFault(FAULT)).toEqual({
      ok: true,
      value: {
        service: 'payment',
        rule: {
          point: 'payment.gateway.charge',
          kind: 'error',
          probability: 0.3,
          params: { status: 503, code: 'gateway_unavailable' },
          durationSeconds: 600,
        },
      },
    });
  });

  it('leaves out what is left empty, for the process to fill in', () => {
    const parsed = parseFault({ ...FAULT, probability: '', duration: '', params: '' });
    expect(parsed.ok && parsed.value.rule).toEqual({
      point: 'payment.gateway.charge',
      kind: 'error',
      params: {},
    });
  });

  it('names every field it can tell is wrong', () => {
    expect(
      parseFault({
        ...FAULT,
        service: 'warehouse',
        probability: '1.5',
        duration: 'soon',
        params: 'x',
      }),
    ).toEqual({
      ok: false,
      errors: {
        service: 'Choose a process.',
        probability: 'Enter a probability between 0 and 1 (0.3 is 30%).',
        duration: 'Enter a number of seconds above 0.',
        params: 'Write each parameter as key=value ("x").',
      },
    });
  });
});

describe('parseSeed', () => {
  it('takes a whole number from 0', () => {
    expect(parseSeed('42')).toEqual({ ok: true, value: 42 });
    for (const bad of ['-1', '1.5', '', 'x']) expect(parseSeed(bad).ok).toBe(false);
  });
});
