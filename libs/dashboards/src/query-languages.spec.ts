import { promqlErrors } from './query-languages';

describe('promqlErrors', () => {
  it.each([
    'sum by (job) (rate(http_server_request_duration_seconds_count{job="order"}[5m]))',
    'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))',
    '(job:checkout_errors:rate5m or 0 * job:checkout_requests:rate5m) / job:checkout_requests:rate5m',
    'max_over_time(order_retry_queue_depth[10m:1m]) > bool 20',
    'predict_linear(process_resident_memory_bytes[15m], 3600) @ end()',
    'rate(payments_total[5m] offset -1m)',
    'first_over_time(up[5m])',
    'rate(up[5m * 2])',
    '{"http.server.duration", job="order"}',
    'sum by ("service.name") (up)',
  ])('accepts PromQL that Prometheus 3.14 runs: %s', (query) => {
    expect(promqlErrors(query)).toEqual([]);
  });

  it('names where a parenthesis is missing', () => {
    expect(promqlErrors('sum(rate(payments_total[5m])')).toEqual([28]);
  });

  it('rejects holt_winters, renamed double_exponential_smoothing in 3.0', () => {
    expect(promqlErrors('holt_winters(order_retry_queue_depth[10m], 0.5, 0.5)')).not.toEqual([]);
    expect(promqlErrors('no_such_function(up)')).not.toEqual([]);
  });

  it('rejects functions and aggregations behind promql-experimental-functions', () => {
    const query = 'double_exponential_smoothing(order_retry_queue_depth[10m], 0.5, 0.5)';
    expect(promqlErrors(query)).toEqual([0]);
    expect(promqlErrors('sort_by_label(up, "job")')).toEqual([0]);
    expect(promqlErrors('sum(mad_over_time(up[5m]))')).toEqual([4]);
    expect(promqlErrors('limitk(2, up)')).toEqual([0]);
  });

  it('rejects the anchored, smoothed and fill() modifiers compose does not switch on', () => {
    expect(promqlErrors('increase(payments_total[5m] anchored)')).toEqual([28]);
    expect(promqlErrors('rate(payments_total[5m] smoothed)')).toEqual([24]);
    expect(promqlErrors('a + fill(0) b')).toEqual([4]);
  });

  it('leaves argument types to promtool: the grammar accepts rate() of an instant vector', () => {
    expect(promqlErrors('rate(up)')).toEqual([]);
  });
});
