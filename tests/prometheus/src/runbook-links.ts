/**
 * The "Dashboards and Explore" section of every runbook, generated from the table below, the alert
 * rules and the committed dashboards (`npm run runbook-links -w tests/prometheus` writes it into
 * docs/runbooks; runbook-links.spec.ts fails when a committed section differs), and the check of
 * every link a runbook has, in any section.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedDashboard } from './grafana-links';
import { GRAFANA_URL, dashboardUrl, exploreUrl, parseExploreUrl } from './grafana-links';
import { RUNBOOKS_PATH, WATCHER_URL } from './runbooks';

/** A dashboard a runbook links to, and what to look at there. */
export interface RunbookDashboard {
  uid: string;
  /** Template variables the link sets (`{ service: 'payment' }` on Service RED). */
  vars?: Readonly<Record<string, string>>;
  /** What to look at: the end of the sentence after the link. */
  look: string;
}

const SHOP = 'faultline-shop-overview';
const SLO = 'faultline-slo-checkout';
const RED = 'faultline-service-red';
const DEPENDENCIES = 'faultline-checkout-dependencies';
const DEPLOYMENTS = 'faultline-deployments';
const LOAD = 'faultline-load';

/** The dashboards each alert's runbook links to, most useful first. */
export const RUNBOOK_DASHBOARDS: Readonly<Record<string, readonly RunbookDashboard[]>> = {
  CheckoutErrorBudgetBurnFast: [
    { uid: SLO, look: "the burn rate over 1h and 6h, and how much of the month's budget is left" },
    { uid: SHOP, look: 'checkouts per minute by outcome: which answers are the bad ones' },
    {
      uid: DEPENDENCIES,
      look: 'client call failures by peer and outcome: which dependency order cannot reach',
    },
  ],
  CheckoutErrorBudgetBurnSlow: [
    { uid: SLO, look: 'the error ratio against the budget over days, and the budget left' },
    { uid: SHOP, look: 'checkouts per minute by outcome' },
  ],
  PaymentSuccessRatioLow: [
    { uid: SHOP, look: 'the payment success ratio and payments per minute by outcome' },
    {
      uid: DEPENDENCIES,
      look: "the card gateway's p95 latency by outcome (fast errors, or hangs)",
    },
    { uid: RED, vars: { service: 'payment' }, look: "payment's errors, error logs and traces" },
  ],
  CheckoutLatencyHigh: [
    { uid: RED, vars: { service: 'order' }, look: "checkout's latency percentiles, p95 by route" },
    { uid: DEPENDENCIES, look: 'client p95 latency by peer: which dependency order waits on' },
  ],
  CircuitBreakerOpen: [
    {
      uid: DEPENDENCIES,
      look: 'breaker state, transitions and rejections, and the failures behind them',
    },
    { uid: SHOP, look: 'checkouts per minute by outcome while the breaker is open' },
  ],
  ServiceDown: [
    { uid: RED, look: 'pick the service: its memory and CPU before it went, its last error logs' },
    { uid: SHOP, look: 'what customers are getting meanwhile' },
  ],
  DownstreamErrorRatioHigh: [
    { uid: DEPENDENCIES, look: 'client calls and failures by peer and outcome' },
    { uid: RED, vars: { service: 'payment' }, look: "the dependency's own view (pick the peer)" },
  ],
  CardGatewayLatencyHigh: [
    {
      uid: DEPENDENCIES,
      look: "the card gateway's p95 latency by outcome, the breakers, the queue",
    },
    { uid: RED, vars: { service: 'payment' }, look: "payment's latency and its slowest traces" },
  ],
  CanaryLatencyRegression: [
    {
      uid: DEPLOYMENTS,
      look: "latency, errors and CPU by release, and both releases' flame graphs",
    },
  ],
  RetryQueueBacklog: [
    { uid: DEPENDENCIES, look: 'pending orders over time and retry worker attempts by outcome' },
    { uid: SHOP, look: 'checkouts per minute by outcome: how many go to the queue' },
  ],
  RetryWorkerHeartbeatMissing: [
    { uid: DEPENDENCIES, look: "the retry worker's heartbeat age and pending orders" },
    { uid: RED, vars: { service: 'order' }, look: "order's runtime and error logs" },
  ],
  CheckoutTrafficStopped: [
    { uid: SHOP, look: 'orders per minute, and requests at the edge gateway by status' },
    { uid: LOAD, look: 'whether the background shoppers (k6) are still sending traffic' },
  ],
  PaymentDeclineRatioHigh: [
    { uid: SHOP, look: 'payments per minute by outcome, and declines by decline code' },
  ],
  CardBrandDeclineRatioHigh: [
    { uid: SHOP, look: 'declines by decline code (the split by card brand is in Explore)' },
  ],
  PaymentsUnreconciled: [
    { uid: SHOP, look: 'payments and revenue, which look normal: the count is in Explore only' },
    { uid: RED, vars: { service: 'payment' }, look: "payment's logs and traces of the charges" },
  ],
  ReconciliationStalled: [
    {
      uid: RED,
      vars: { service: 'payment' },
      look: "payment's error logs: a failing run says why",
    },
  ],
  ServiceRestarted: [
    { uid: RED, look: 'pick the service: memory, CPU and event-loop lag before the restart' },
  ],
  ProcessMemoryNearLimit: [{ uid: RED, look: 'pick the service: its memory over time' }],
  EventLoopLagHigh: [
    { uid: RED, look: 'pick the service: event-loop lag, CPU and latency' },
    { uid: DEPLOYMENTS, look: 'whether a new release of payment brought the hot path' },
  ],
  DatabaseLockWaits: [
    { uid: RED, vars: { service: 'inventory' }, look: "inventory's latency by route" },
    { uid: DEPENDENCIES, look: "inventory reservations by outcome, order's calls to inventory" },
  ],
  EndpointProbeFailed: [
    { uid: RED, look: 'pick the service: its errors, and error logs naming what it cannot reach' },
    { uid: SHOP, look: 'what customers are getting meanwhile' },
  ],
  SyntheticCheckoutFailing: [
    { uid: SHOP, look: "whether customers' checkouts are failing too" },
    { uid: DEPENDENCIES, look: 'which dependency of checkout is failing' },
  ],
  // About the alerting pipeline itself: no dashboard shows it (see WITHOUT_DASHBOARD).
  Watchdog: [],
};

/** What a runbook without a dashboard says instead. */
const WITHOUT_DASHBOARD: Readonly<Record<string, string>> = {
  Watchdog:
    "No dashboard shows the Watchdog: [Prometheus's alerts page](http://localhost:9090/alerts) " +
    'and [the pager page](http://localhost:3005/) do, and so does Explore, above.',
};

export const SECTION = 'Dashboards and Explore';

/**
 * The body of a runbook's "Dashboards and Explore" section: a link to each dashboard of the table
 * (its title as the link's text), then Explore with the alert's own expression prefilled.
 */
export function dashboardsAndExplore(
  alert: string,
  expr: string,
  dashboards: ReadonlyMap<string, GeneratedDashboard>,
): string {
  const entries = RUNBOOK_DASHBOARDS[alert];
  if (entries === undefined)
    throw new Error(`no dashboards listed for ${alert} in runbook-links.ts`);
  const lines = entries.map(({ uid, vars = {}, look }) => {
    const dashboard = dashboards.get(uid);
    if (dashboard === undefined) throw new Error(`${alert}: no generated dashboard has uid ${uid}`);
    const which = Object.entries(vars)
      .map(([name, value]) => ` (${name} ${value})`)
      .join('');
    return `- [${dashboard.title}](${dashboardUrl(uid, vars)})${which}: ${look}.`;
  });
  const explore =
    `- [Explore the alert's expression](${exploreUrl(expr)}): what Prometheus evaluates for ` +
    `${alert}, to graph and narrow down.`;
  const intro = `Grafana on the stack (${GRAFANA_URL}, no login), over the last hour:`;
  const instead = WITHOUT_DASHBOARD[alert];
  return [intro, '', ...lines, explore, ...(instead ? ['', instead] : [])].join('\n');
}

/**
 * `markdown` with the body of its `## <heading>` section replaced, or the section added before
 * `## <before>` when it has none.
 */
export function withSection(
  markdown: string,
  heading: string,
  body: string,
  before: string,
): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  const section = [`## ${heading}`, '', body, ''];
  if (start === -1) {
    const at = lines.indexOf(`## ${before}`);
    if (at === -1) throw new Error(`no "## ${before}" to put "## ${heading}" before`);
    return [...lines.slice(0, at), ...section, ...lines.slice(at)].join('\n');
  }
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return [...lines.slice(0, start), ...section, ...(next === -1 ? [] : lines.slice(next))].join(
    '\n',
  );
}

/** One inline link of a Markdown text, outside code. */
export interface MarkdownLink {
  line: number;
  text: string;
  target: string;
}

const INLINE_LINK = /\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const FENCE = /^\s*(`{3,}|~{3,})/;
const INLINE_CODE = /(`+)[\s\S]*?\1/g;

/** The inline links of a Markdown text, outside fenced and inline code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((line, index) => {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker?.startsWith(fence) && line.trim() === marker) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    for (const match of line.replace(INLINE_CODE, '').matchAll(INLINE_LINK)) {
      links.push({ line: index + 1, text: match[1] ?? '', target: match[2] ?? '' });
    }
  });
  return links;
}

/** What a runbook's links are checked against. */
export interface LinkContext {
  /** The runbooks folder: relative links resolve from it. */
  dir: string;
  dashboards: ReadonlyMap<string, GeneratedDashboard>;
  datasources: ReadonlySet<string>;
  /** The origins the stack publishes (`http://localhost:3000`…): the only absolute links allowed. */
  stackOrigins: ReadonlySet<string>;
}

/** A link checked: what is wrong with it, and the Explore queries it carries. */
export interface CheckedLink {
  problem?: string;
  exploreQueries: string[];
}

/** Checks one link of a runbook: that it resolves, offline, on the stack or in the repository. */
export function checkLink(link: MarkdownLink, context: LinkContext): CheckedLink {
  const none = { exploreQueries: [] };
  const fail = (problem: string): CheckedLink => ({ problem, exploreQueries: [] });
  const { target, text } = link;
  if (target.startsWith('#')) return none;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    const path = decodeURIComponent(target.split('#')[0] ?? '');
    return existsSync(join(context.dir, path)) ? none : fail(`no file ${path}`);
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return fail('not a URL');
  }
  if (!context.stackOrigins.has(url.origin)) {
    return fail(`${url.origin} is not an address the stack publishes (it must work offline)`);
  }
  if (url.origin === GRAFANA_URL) {
    const board = /^\/d\/([^/]+)(\/[^/]*)?$/.exec(url.pathname);
    if (board?.[1] !== undefined) {
      const dashboard = context.dashboards.get(board[1]);
      if (dashboard === undefined) return fail(`no generated dashboard has uid ${board[1]}`);
      if (text !== dashboard.title) {
        return fail(`the link says "${text}" but uid ${board[1]} is "${dashboard.title}"`);
      }
      for (const name of url.searchParams.keys()) {
        const variable = /^var-(.+)$/.exec(name)?.[1];
        if (variable !== undefined && !dashboard.variables.has(variable)) {
          return fail(`${dashboard.title} has no variable ${variable}`);
        }
      }
      return none;
    }
    if (url.pathname === '/explore') {
      const parsed = parseExploreUrl(target);
      if ('problem' in parsed) return fail(`Explore: ${parsed.problem}`);
      const unknown = parsed.panes.find((pane) => !context.datasources.has(pane.datasource));
      if (unknown) return fail(`Explore: no data source has uid ${unknown.datasource}`);
      return { exploreQueries: parsed.panes.flatMap((pane) => pane.queries.map((q) => q.expr)) };
    }
    return fail(`a Grafana page the runbooks do not link: ${url.pathname}`);
  }
  if (url.origin === WATCHER_URL && url.pathname.startsWith(RUNBOOKS_PATH)) {
    const name = url.pathname.slice(RUNBOOKS_PATH.length);
    if (name !== '' && !existsSync(join(context.dir, `${name}.md`))) {
      return fail(`the watcher serves no runbook ${name}`);
    }
  }
  return none;
}
