import { summariseNotification } from '../domain/notification';
import type { DeadmanStatus } from '../domain/dead-mans-switch';
import { webhook } from '../test/in-memory';
import { escapeHtml, renderPagerPage } from './pager-page';

const now = new Date('2026-11-03T10:05:00Z');
const quiet: DeadmanStatus = {
  tripped: false,
  timeoutMs: 300_000,
  lastWatchdogAt: new Date('2026-11-03T10:04:30Z'),
  silentSince: new Date('2026-11-03T10:04:30Z'),
};

const page = (notifications = [summariseNotification(webhook('A'), now)], deadman = quiet) =>
  renderPagerPage({ notifications, deadman, now, refresh: true });

describe('the pager page', () => {
  it('escapes every character HTML gives a meaning to', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('shows label values, names, summaries and keys as text, never as markup', () => {
    const hostile = webhook('<img src=x onerror=alert(1)>', {
      receiver: '<b>page</b>',
      groupKey: '{}:{alertname="</code><script>alert(2)</script>"}',
      labels: { job: '"><script>alert(3)</script>', '<i>key</i>': 'v' },
    });
    hostile.alerts[0]!.annotations['summary'] = '</p><iframe src="https://evil.example">';
    const html = page([summariseNotification(hostile, now)]);
    expect(html).not.toMatch(/<(script|img|iframe|b|i)[\s>]/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<code>job="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"</code>');
    expect(html).toContain('<code>&lt;i&gt;key&lt;/i&gt;="v"</code>');
    expect(html).toContain('&lt;/p&gt;&lt;iframe src=&quot;https://evil.example&quot;&gt;');
  });

  it('links http(s) runbooks only: a javascript: URL is shown as text', () => {
    const evil = webhook('B');
    evil.alerts[0]!.annotations['runbook_url'] = 'javascript:alert(1)';
    const html = page([summariseNotification(webhook('A'), now), summariseNotification(evil, now)]);
    expect(html).toContain('<a class="runbook" href="http://localhost:3005/runbooks/A">Runbook');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('runbook: javascript:alert(1)');
  });

  it('lists notifications in the order given (newest first), with status, receiver and summary', () => {
    const html = page([
      summariseNotification(webhook('Newer', { status: 'resolved' }), now),
      summariseNotification(webhook('Older'), now),
    ]);
    expect(html.indexOf('Newer')).toBeLessThan(html.indexOf('Older'));
    expect(html).toContain('<span class="status">Resolved</span> Newer');
    expect(html).toContain('<span class="status">Firing</span> Older');
    expect(html).toContain('<p>Older is firing</p>');
    expect(html).toContain('<title>Faultline pager (1 firing)</title>');
  });

  it('shows a banner, as an alert for screen readers, while the dead man’s switch is tripped', () => {
    expect(page()).not.toContain('role="alert"');
    const html = page([], {
      tripped: true,
      timeoutMs: 300_000,
      lastWatchdogAt: undefined,
      silentSince: new Date('2026-11-03T09:59:00Z'),
    });
    expect(html).toMatch(
      /<section class="deadman tripped" role="alert"[^>]*>\s*<h2[^>]*>Dead man's switch tripped/,
    );
    expect(html).toContain('No Watchdog notification has arrived since the watcher started');
    expect(html).toContain("<title>Dead man's switch tripped · Faultline pager (0 firing)</title>");
  });

  it('reloads itself unless asked not to', () => {
    expect(page()).toContain('<meta http-equiv="refresh" content="15">');
    const still = renderPagerPage({ notifications: [], deadman: quiet, now, refresh: false });
    expect(still).not.toContain('http-equiv="refresh"');
    expect(still).toContain('<html lang="en">');
  });
});
