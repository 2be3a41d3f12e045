import type { DeadmanStatus } from '../domain/dead-mans-switch';
import type { Notification, NotifiedAlert } from '../domain/notification';

/** Seconds between the page's own reloads, unless the reader turned them off. */
export const REFRESH_SECONDS = 15;

export interface PagerView {
  notifications: readonly Notification[];
  deadman: DeadmanStatus;
  now: Date;
  /** Reload the page every REFRESH_SECONDS (a meta refresh); off with `?refresh=off`. */
  refresh: boolean;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and quoted attributes: every value shown goes through this. */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);

/** Only http(s) URLs become links: a `javascript:` runbook_url is shown as text, never followed. */
function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The opening of every page the watcher serves, through `</head>`: the document type, charset,
 * viewport, any `extra` head lines, the title (already HTML-escaped) and the inline style.
 */
export function documentHead(
  titleHtml: string,
  style: string,
  extra: readonly string[] = [],
): string[] {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...extra,
    `<title>${titleHtml}</title>`,
    `<style>${style}</style>`,
    '</head>',
  ];
}

const utc = (date: Date): string => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function ago(from: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}

const time = (date: Date, now: Date): string =>
  `<time datetime="${escapeHtml(date.toISOString())}">${escapeHtml(utc(date))}</time> (${ago(date, now)})`;

function runbookLink(url: string | undefined, name: string): string {
  if (url === undefined) return '';
  const href = safeUrl(url);
  return href === undefined
    ? ` <span class="runbook">runbook: ${escapeHtml(url)}</span>`
    : ` <a class="runbook" href="${escapeHtml(href)}">Runbook<span class="visually-hidden"> for ${escapeHtml(name)}</span></a>`;
}

function alertItem(alert: NotifiedAlert): string {
  const labels = Object.entries(alert.labels)
    .map(([key, value]) => `<code>${escapeHtml(key)}="${escapeHtml(value)}"</code>`)
    .join(' ');
  return [
    `<li class="alert ${alert.status}">`,
    `<strong>${escapeHtml(alert.name)}</strong>`,
    alert.severity === undefined
      ? ''
      : ` <span class="severity">${escapeHtml(alert.severity)}</span>`,
    alert.status === 'resolved' ? ' <span class="severity">resolved</span>' : '',
    alert.summary === undefined ? '' : `<p>${escapeHtml(alert.summary)}</p>`,
    runbookLink(alert.runbookUrl, alert.name),
    labels === '' ? '' : `<p class="labels">${labels}</p>`,
    '</li>',
  ].join('');
}

function notificationItem(notification: Notification, now: Date): string {
  const names = notification.alertNames.join(', ') || '(no alert name)';
  const leftOut =
    notification.alertsLeftOut > 0
      ? `<p class="meta">${notification.alertsLeftOut} more alerts not shown</p>`
      : '';
  return [
    `<li class="notification ${notification.status}"><article>`,
    `<h3><span class="status">${notification.status === 'firing' ? 'Firing' : 'Resolved'}</span> ${escapeHtml(names)}</h3>`,
    `<p class="meta">To <code>${escapeHtml(notification.receiver)}</code>, received ${time(new Date(notification.receivedAt), now)}; group <code>${escapeHtml(notification.groupKey)}</code></p>`,
    `<ul class="alerts">${notification.alerts.map(alertItem).join('')}</ul>`,
    leftOut,
    '</article></li>',
  ].join('');
}

function deadmanSection({ deadman, now }: PagerView): string {
  const lastSeen =
    deadman.lastWatchdogAt === undefined
      ? 'No Watchdog notification has arrived since the watcher started'
      : `The last Watchdog notification arrived ${time(deadman.lastWatchdogAt, now)}`;
  const timeout = `${Math.round(deadman.timeoutMs / 1000)} s`;
  if (deadman.tripped) {
    return [
      '<section class="deadman tripped" role="alert" aria-labelledby="deadman-heading">',
      `<h2 id="deadman-heading">Dead man's switch tripped: alerts may not be reaching anyone</h2>`,
      `<p>${lastSeen}, silent since ${time(deadman.silentSince, now)}, longer than ${timeout}. `,
      'Prometheus, Alertmanager or the route between them may be down: check them before trusting this page.</p>',
      '</section>',
    ].join('');
  }
  return `<p class="deadman ok">${lastSeen}. The dead man's switch trips after ${timeout} without one.</p>`;
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b;background:#fff}
h1{margin:.2rem 0}h2{font-size:1.2rem}h3{font-size:1.05rem;margin:0 0 .3rem}
.deadman.tripped{background:#8b0000;color:#fff;padding:.8rem 1rem;border-radius:.4rem}
.deadman.ok{color:#2d5a27}
ol.notifications{list-style:none;padding:0}
.notification{border-left:.4rem solid #666;padding:.5rem 1rem;margin:0 0 1rem;background:#f6f6f6}
.notification.firing{border-color:#b00020}.notification.resolved{border-color:#2d7d32}
.status{text-transform:uppercase;font-size:.85rem;letter-spacing:.05em}
.severity{font-size:.85rem;border:1px solid #666;border-radius:.3rem;padding:0 .3rem}
.meta,.labels{font-size:.875rem;color:#444;margin:.2rem 0}
.alerts{padding-left:1.2rem}.alerts p{margin:.2rem 0}
a{color:#0645ad}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

/** The pager page: the dead man's switch, then every kept notification, newest first. */
export function renderPagerPage(view: PagerView): string {
  const { notifications, now, refresh } = view;
  const firing = notifications.filter((n) => n.status === 'firing').length;
  const list =
    notifications.length === 0
      ? '<p>No notifications yet.</p>'
      : `<ol class="notifications">${notifications.map((n) => notificationItem(n, now)).join('')}</ol>`;
  const reload = refresh
    ? `This page reloads every ${REFRESH_SECONDS} s: <a href="?refresh=off">stop reloading</a>.`
    : `Reloading is off: <a href="?">reload every ${REFRESH_SECONDS} s</a>.`;
  return [
    ...documentHead(
      `${view.deadman.tripped ? "Dead man's switch tripped · " : ''}Faultline pager (${firing} firing)`,
      STYLE,
      [refresh ? `<meta http-equiv="refresh" content="${REFRESH_SECONDS}">` : ''],
    ),
    '<body>',
    '<header><h1>Faultline pager</h1>',
    `<p>Alertmanager's notifications as the on-call person receives them, newest first. ${reload}</p></header>`,
    '<main>',
    deadmanSection(view),
    `<section aria-labelledby="notifications-heading"><h2 id="notifications-heading">Notifications (${notifications.length})</h2>`,
    list,
    '</section>',
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}
