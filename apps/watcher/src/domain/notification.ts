/** An alert's state in a notification. */
export type AlertStatus = 'firing' | 'resolved';

/** One alert of an Alertmanager webhook notification (payload version 4), as the route parsed it. */
export interface WebhookAlert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

/** An Alertmanager webhook notification (payload version 4), as the route parsed it. */
export interface WebhookNotification {
  receiver: string;
  status: AlertStatus;
  groupKey: string;
  alerts: WebhookAlert[];
  /** Alerts Alertmanager left out of the payload (its max_alerts). */
  truncatedAlerts: number;
}

/** One alert as the pager keeps it. */
export interface NotifiedAlert {
  name: string;
  status: AlertStatus;
  severity?: string;
  summary?: string;
  runbookUrl?: string;
  startsAt: string;
  /** Its other labels (alertname and severity shown apart). */
  labels: Record<string, string>;
}

/** A notification as the pager keeps and shows it, trimmed to bounded size. */
export interface Notification {
  receivedAt: string;
  receiver: string;
  status: AlertStatus;
  groupKey: string;
  alertNames: string[];
  runbookUrls: string[];
  alerts: NotifiedAlert[];
  /** Alerts not kept: left out by Alertmanager, or past MAX_ALERTS_KEPT. */
  alertsLeftOut: number;
}

/** Alerts kept per notification; Alertmanager groups can be large, the pager's memory is not. */
export const MAX_ALERTS_KEPT = 20;
/** Labels kept per alert. */
const MAX_LABELS_KEPT = 20;
/** Characters kept of any label, annotation or key. */
const MAX_TEXT = 500;

const trim = (text: string): string =>
  text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;

const unique = (values: readonly (string | undefined)[]): string[] => [
  ...new Set(values.filter((value): value is string => value !== undefined && value !== '')),
];

function keptAlert(alert: WebhookAlert): NotifiedAlert {
  const { alertname, severity, ...others } = alert.labels;
  const labels = Object.fromEntries(
    Object.entries(others)
      .slice(0, MAX_LABELS_KEPT)
      .map(([key, value]) => [trim(key), trim(value)]),
  );
  const summary = alert.annotations['summary'] ?? alert.annotations['description'];
  const runbookUrl = alert.annotations['runbook_url'];
  return {
    name: trim(alertname ?? '(no alertname)'),
    status: alert.status,
    ...(severity !== undefined && { severity: trim(severity) }),
    ...(summary !== undefined && { summary: trim(summary) }),
    ...(runbookUrl !== undefined && { runbookUrl: trim(runbookUrl) }),
    startsAt: trim(alert.startsAt),
    labels,
  };
}

/** What the pager keeps of a notification: who it went to, which alerts, their summaries and runbooks. */
export function summariseNotification(
  webhook: WebhookNotification,
  receivedAt: Date,
): Notification {
  const alerts = webhook.alerts.slice(0, MAX_ALERTS_KEPT).map(keptAlert);
  return {
    receivedAt: receivedAt.toISOString(),
    receiver: trim(webhook.receiver),
    status: webhook.status,
    groupKey: trim(webhook.groupKey),
    alertNames: unique(alerts.map((alert) => alert.name)),
    runbookUrls: unique(alerts.map((alert) => alert.runbookUrl)),
    alerts,
    alertsLeftOut: webhook.truncatedAlerts + Math.max(0, webhook.alerts.length - MAX_ALERTS_KEPT),
  };
}
