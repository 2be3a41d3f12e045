import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { REPO_ROOT, startDaemon } from './daemon';
import type { Daemon } from './daemon';
import { durationMs } from './prometheus-config';

/** infra/alertmanager/alertmanager.yml of this checkout: the compose stack's Alertmanager config. */
export const ALERTMANAGER_CONFIG = join(REPO_ROOT, 'infra', 'alertmanager', 'alertmanager.yml');

/** The host every webhook receiver of the compose config posts to: the watcher. */
const COMPOSE_WEBHOOK_HOST = 'watcher';

/** The keys of a route that set its timing, each divided by `timeScale`. */
const TIMING_KEYS = ['group_wait', 'group_interval', 'repeat_interval'] as const;

export interface AlertmanagerConfigOptions {
  /**
   * Where every webhook receiver posts instead of the compose watcher (`http://watcher:3005`):
   * an origin such as `http://127.0.0.1:41005`. The path of each receiver's URL (`/alertmanager`)
   * is kept.
   */
  webhookUrl: string;
  /**
   * Divides every group_wait, group_interval and repeat_interval of the route tree by this factor
   * (1 or more), so a test sees grouping, inhibition and repeats in seconds. Their proportions
   * stay: tickets still wait longer than pages, the Watchdog still repeats fastest. Routes,
   * grouping, inhibition and receivers are untouched.
   */
  timeScale?: number;
}

interface Route {
  routes?: Route[];
  [key: string]: unknown;
}

interface AlertmanagerConfigShape {
  route?: Route;
  receivers?: { name: string; webhook_configs?: { url?: string; [key: string]: unknown }[] }[];
  [key: string]: unknown;
}

function scaleDuration(duration: unknown, factor: number, where: string): string {
  if (typeof duration !== 'string')
    throw new Error(`${where} is not a duration: ${String(duration)}`);
  const ms = Math.max(1, Math.round(durationMs(duration) / factor));
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function scaleRoute(route: Route, factor: number, path: string): void {
  for (const key of TIMING_KEYS) {
    if (route[key] !== undefined) route[key] = scaleDuration(route[key], factor, `${path}.${key}`);
  }
  (route.routes ?? []).forEach((child, index) => {
    scaleRoute(child, factor, `${path}.routes[${index}]`);
  });
}

/**
 * The Alertmanager config a native run uses, derived from the compose one (`text`): only the
 * webhook receivers' address is rewritten (and, with `timeScale`, the route timings). Returns YAML.
 */
export function alertmanagerConfigFor(text: string, options: AlertmanagerConfigOptions): string {
  const target = new URL(options.webhookUrl);
  if (target.pathname !== '/' || target.search !== '') {
    throw new Error(
      `webhookUrl ${options.webhookUrl}: give only the origin; each receiver keeps its own path`,
    );
  }
  const config = parse(text) as AlertmanagerConfigShape;
  let webhooks = 0;
  for (const receiver of config.receivers ?? []) {
    for (const webhook of receiver.webhook_configs ?? []) {
      const url = new URL(String(webhook.url));
      if (url.hostname !== COMPOSE_WEBHOOK_HOST) {
        throw new Error(
          `receiver ${receiver.name} posts to ${url.origin}, not the watcher: no native address for it`,
        );
      }
      webhook.url = `${target.origin}${url.pathname}${url.search}`;
      webhooks += 1;
    }
  }
  if (webhooks === 0) throw new Error('the config has no webhook receiver to point at webhookUrl');
  const factor = options.timeScale ?? 1;
  if (!(factor >= 1)) throw new Error(`timeScale ${factor} must be 1 or more`);
  if (!config.route) throw new Error('the config has no route');
  if (factor !== 1) scaleRoute(config.route, factor, 'route');
  const note = factor === 1 ? '' : `# Route timings divided by ${factor}.\n`;
  return `# Derived from alertmanager.yml by alertmanagerConfigFor: do not edit.\n${note}${stringify(config)}`;
}

/** An alert as POST /api/v2/alerts takes it (what Prometheus sends). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** An alert as GET /api/v2/alerts returns it. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
  receivers: { name: string }[];
  status: {
    state: 'unprocessed' | 'active' | 'suppressed';
    inhibitedBy: string[];
    silencedBy: string[];
  };
}

export interface AlertmanagerProcess extends Daemon {
  /** POST /api/v2/alerts, as Prometheus does. */
  postAlerts(alerts: readonly PostableAlert[]): Promise<void>;
  /** GET /api/v2/alerts: every alert it holds, with its state (suppressed, inhibitedBy). */
  alerts(): Promise<AlertmanagerAlert[]>;
}

export interface StartAlertmanagerOptions extends AlertmanagerConfigOptions {
  /** The config to derive from; infra/alertmanager/alertmanager.yml unless a test says otherwise. */
  config?: string;
  /** The binary; Debian's `prometheus-alertmanager` on PATH by default. */
  binary?: string;
}

/**
 * Starts a real Alertmanager (Debian's `prometheus-alertmanager`) on a free port of 127.0.0.1
 * with the repository's config, its webhook receivers pointed at `webhookUrl`: no HA cluster
 * (gossip port off), data in a temporary folder removed on stop. Resolves once /-/ready answers.
 * Point Prometheus at it with testPrometheusConfig's `alertmanagers: [am.address]`.
 */
export async function startAlertmanager(
  options: StartAlertmanagerOptions,
): Promise<AlertmanagerProcess> {
  const derived = alertmanagerConfigFor(
    readFileSync(options.config ?? ALERTMANAGER_CONFIG, 'utf8'),
    options,
  );
  const daemon = await startDaemon({
    apt: 'prometheus-alertmanager',
    binary: options.binary ?? 'prometheus-alertmanager',
    readyPath: '/-/ready',
    args: (address, dir) => {
      const file = join(dir, 'alertmanager.yml');
      writeFileSync(file, derived);
      return [
        `--config.file=${file}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=${address}`,
        `--web.external-url=http://${address}`,
        // An empty cluster address turns HA gossip off: no second port (9094) to collide on.
        '--cluster.listen-address=',
        '--log.level=warn',
      ];
    },
  });
  const api = `${daemon.url}/api/v2`;
  return {
    ...daemon,
    async postAlerts(alerts) {
      const response = await fetch(`${api}/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      const body = await response.text();
      if (!response.ok)
        throw new Error(`Alertmanager refused the alerts: ${response.status} ${body}`);
    },
    async alerts() {
      const response = await fetch(`${api}/alerts`);
      if (!response.ok)
        throw new Error(`Alertmanager: ${response.status} ${await response.text()}`);
      return (await response.json()) as AlertmanagerAlert[];
    },
  };
}
