import { createLogger } from '../logging';
import { captureLogs, freshMetrics } from '../testing';
import { createServiceApp } from './create-service-app';
import { serve } from './serve';

describe('serve', () => {
  it('drains an in-flight request, runs shutdown hooks in order, then stops accepting', async () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'test', destination: logs.destination });
    let release: () => void = () => undefined;
    const app = createServiceApp({ logger, metrics: freshMetrics() }, (app) => {
      app.get('/slow', (_req, res) => {
        release = () => res.json({ finished: true });
      });
    });
    const steps: string[] = [];
    const service = await serve(app, {
      port: 0,
      host: '127.0.0.1',
      logger,
      onShutdown: [
        () => Promise.resolve(steps.push('close pool')),
        () => Promise.resolve(steps.push('stop worker')),
      ],
    });
    const inFlight = fetch(`${service.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = service.shutdown('test');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(steps).toEqual([]);
    const ready = await fetch(`${service.url}/health/ready`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(ready).toBe('refused');
    release();
    const response = await inFlight;
    expect(await response.json()).toEqual({ finished: true });
    await stopping;
    expect(steps).toEqual(['close pool', 'stop worker']);
    expect(logs.lines().map((l) => l['event'])).toEqual(
      expect.arrayContaining(['service_listening', 'service_stopping', 'service_stopped']),
    );
  });
});
