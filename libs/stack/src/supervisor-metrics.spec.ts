import { PROCESS_NAMES, SERVICE_NAMES } from './services';
import { createSupervisorMetrics } from './supervisor-metrics';

/** `name{labels} value` lines of a Prometheus text exposition, by series. */
function samples(text: string): Record<string, number> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(' ');
        return [line.slice(0, at), Number(line.slice(at + 1))];
      }),
  );
}

describe('the supervisor /metrics', () => {
  it('counts restarts and tells which services are up, every series there from the start', async () => {
    const metrics = createSupervisorMetrics(PROCESS_NAMES, (service) => service !== 'order');
    metrics.restarted('order');
    metrics.restarted('order');
    const server = await metrics.listen('127.0.0.1', 0);
    try {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(samples(await response.text())).toEqual({
        'faultline_service_restarts_total{service="catalog"}': 0,
        'faultline_service_restarts_total{service="inventory"}': 0,
        'faultline_service_restarts_total{service="payment"}': 0,
        'faultline_service_restarts_total{service="order"}': 2,
        'faultline_service_restarts_total{service="watcher"}': 0,
        'faultline_service_restarts_total{service="gateway"}': 0,
        'faultline_service_up{service="catalog"}': 1,
        'faultline_service_up{service="inventory"}': 1,
        'faultline_service_up{service="payment"}': 1,
        'faultline_service_up{service="order"}': 0,
        'faultline_service_up{service="watcher"}': 1,
        'faultline_service_up{service="gateway"}': 1,
      });
      expect((await fetch(`${server.url}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/metrics`)).rejects.toThrow();
  });

  it('gives a loopback URL for a server on every interface', async () => {
    const server = await createSupervisorMetrics(SERVICE_NAMES, () => true).listen('0.0.0.0', 0);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
