import { captureLogs, startInMemoryTracing } from '../testing';
import type { InMemoryTracing } from '../testing';
import { createLogger } from './logger';
import { runWithRequestId } from './request-context';

const VISA = '4242424242424242';
const SPACED_VISA = '4000 0000 0000 0002';

describe('createLogger', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = startInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.stop();
  });

  it('writes one JSON object a line with the stable schema', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'payment', destination: logs.destination });
    logger.info({ event: 'charge_started' }, 'charging');
    const [line] = logs.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'payment',
      msg: 'charging',
      event: 'charge_started',
    });
    expect(line?.['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(line).not.toHaveProperty('pid');
    expect(line).not.toHaveProperty('hostname');
  });

  it('puts trace_id and span_id of the active span and the request id on every line', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'order', destination: logs.destination });
    const ids = tracing.tracer.startActiveSpan('place order', (span) => {
      runWithRequestId('req-42', () => {
        logger.info({ event: 'order_placed' }, 'placed');
      });
      span.end();
      return span.spanContext();
    });
    logger.info('outside any span');
    const [inside, outside] = logs.lines();
    expect(inside).toMatchObject({
      trace_id: ids.traceId,
      span_id: ids.spanId,
      request_id: 'req-42',
    });
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('request_id');
  });

  it('serialises errors as error{type,message,stack}', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'order', destination: logs.destination });
    logger.error({ event: 'charge_failed', error: new TypeError('gateway said no') }, 'failed');
    const error = logs.lines()[0]?.['error'] as Record<string, unknown>;
    expect(error['type']).toBe('TypeError');
    expect(error['message']).toBe('gateway said no');
    expect(String(error['stack'])).toContain('logger.spec.ts');
  });

  it('masks card numbers, CVVs, authorization headers and tokens wherever they appear', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'payment', destination: logs.destination });
    logger.info(
      {
        payment: { cardNumber: VISA, cvv: '123', expiry: '12/30' },
        card: { number: '4000-0000-0000-0002x', brand: 'visa' },
        req: {
          headers: {
            authorization: 'Bearer abc.def.ghi',
            'x-api-key': 'k-1',
            'x-service-token': 'svc-token-value',
          },
        },
        token: 'secret-token-value',
        SERVICE_TOKEN: 'svc-env-value',
        note: `customer typed ${SPACED_VISA} into the name field`,
      },
      `charging card ${VISA}`,
    );
    logger.error({ error: new Error(`declined card ${VISA} with Bearer xyz789`) }, 'declined');
    const text = logs.text();
    for (const secret of [
      VISA,
      '4000 0000 0000 0002',
      '"123"',
      'abc.def.ghi',
      'k-1',
      'secret-token-value',
      'svc-token-value',
      'svc-env-value',
      'xyz789',
    ]) {
      expect(text).not.toContain(secret);
    }
    const [first, second] = logs.lines();
    expect(first).toMatchObject({
      msg: 'charging card ************4242',
      payment: { cardNumber: '************4242', cvv: '[REDACTED]', expiry: '12/30' },
      card: { number: '************0002', brand: 'visa' },
      req: {
        headers: {
          authorization: '[REDACTED]',
          'x-api-key': '[REDACTED]',
          'x-service-token': '[REDACTED]',
        },
      },
      token: '[REDACTED]',
      SERVICE_TOKEN: '[REDACTED]',
      note: 'customer typed ************0002 into the name field',
    });
    expect((second?.['error'] as Record<string, unknown>)['message']).toBe(
      'declined card ************4242 with Bearer [REDACTED]',
    );
  });

  it('leaves numbers that are not card numbers alone', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'order', destination: logs.destination });
    logger.info(
      { orderTotal: 1234567890123, reference: '1234567890123456' },
      'order 1234567890123456',
    );
    expect(logs.lines()[0]).toMatchObject({
      orderTotal: 1234567890123,
      reference: '1234567890123456',
      msg: 'order 1234567890123456',
    });
  });
});
