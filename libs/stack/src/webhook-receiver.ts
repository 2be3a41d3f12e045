import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Alertmanager webhook notification (payload version 4), as received. */
export interface WebhookNotification {
  version: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  externalURL: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    fingerprint: string;
  }[];
  /** When it arrived (ms since the epoch), added by the receiver. */
  receivedAt: number;
  /** The path it was posted to. */
  path: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`: startAlertmanager's `webhookUrl`. */
  url: string;
  /** Every notification so far, oldest first. */
  notifications: WebhookNotification[];
  /** Resolves with the first notification (old or new) `match` accepts; rejects after `timeoutMs`. */
  next(
    match: (notification: WebhookNotification) => boolean,
    timeoutMs?: number,
  ): Promise<WebhookNotification>;
  close(): Promise<void>;
}

/**
 * A stand-in for the watcher's POST /alertmanager in tests: records every webhook notification
 * Alertmanager sends, whatever the path, and answers 200.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const notifications: WebhookNotification[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<
          WebhookNotification,
          'receivedAt' | 'path'
        >;
        notifications.push({ ...body, receivedAt: Date.now(), path: request.url ?? '' });
        for (const wake of waiters) wake();
      }
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notifications,
    next(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = notifications.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = (): void => {
          check();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `no matching notification in ${timeoutMs} ms; received: ${JSON.stringify(
                notifications.map((n) => ({
                  receiver: n.receiver,
                  alerts: n.alerts.map((a) => a.labels['alertname']),
                })),
              )}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}
