import { isUntracedPath } from './untraced-paths';

describe('isUntracedPath', () => {
  it.each([
    '/metrics',
    '/health/ready',
    '/admin/faults',
    '/admin/faults/abc?x=1',
    '/admin/reset',
    '/control/api/scenarios',
    '/control/api/processes/payment/admin/faults',
    '/otlp/v1/traces',
  ])('leaves %s out of traces, RED metrics and the http.server fault point', (path) => {
    expect(isUntracedPath(path)).toBe(true);
  });

  it.each([
    '/products',
    '/api/v1/orders',
    '/control',
    '/control/',
    '/metrics/extra',
    '/administer',
    '/otlpx',
  ])('traces %s like any request', (path) => {
    expect(isUntracedPath(path)).toBe(false);
  });
});
