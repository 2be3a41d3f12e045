import type * as Pyroscope from '@pyroscope/nodejs';

/**
 * Continuous profiling with Pyroscope, on when PYROSCOPE_SERVER_ADDRESS is set (the compose stack
 * sets it; a native run without Pyroscope pays nothing, the module is not even loaded). Wall-clock
 * profiles with CPU time, tagged service_name so Grafana's trace → profile links find them, and
 * service_version so two releases of a service (a canary and the stable one) can be compared.
 */
export interface ProfilingOptions {
  serverAddress: string;
  appName: string;
  serviceName: string;
  /** service.version (SERVICE_VERSION): the release, as spans and target_info carry it. */
  serviceVersion: string;
  flushIntervalMs?: number;
}

export function startProfiling(options: ProfilingOptions): { stop(): Promise<void> } {
  // Loaded only here: its native profiler is not needed when no Pyroscope is configured.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pyroscope = require('@pyroscope/nodejs') as typeof Pyroscope;
  pyroscope.init({
    serverAddress: options.serverAddress,
    appName: options.appName,
    tags: { service_name: options.serviceName, service_version: options.serviceVersion },
    wall: { collectCpuTime: true },
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
  });
  pyroscope.start();
  return { stop: () => pyroscope.stop() };
}
