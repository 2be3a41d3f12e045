import { headingSlug, renderRunbook } from './render-runbook';

const names = new Set(['PaymentSuccessRatioLow', 'Watchdog']);
const render = (markdown: string) => renderRunbook(markdown, names);

describe('a runbook rendered for the watcher', () => {
  it('renders headings with the anchors GitHub gives them, paragraphs, lists, tables and code', () => {
    const html = render(
      [
        '# PaymentSuccessRatioLow',
        '',
        '## Confirm recovery',
        '',
        '- one `code`',
        '',
        '| a | b |',
        '| - | - |',
        '| 1 | 2 |',
        '',
        '```promql',
        'sum(rate(payments_total{job="payment"}[1m]))',
        '```',
      ].join('\n'),
    );
    expect(html).toContain('<h1 id="paymentsuccessratiolow">PaymentSuccessRatioLow</h1>');
    expect(html).toContain('<h2 id="confirm-recovery">Confirm recovery</h2>');
    expect(html).toContain('<li>one <code>code</code></li>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain(
      '<pre><code class="language-promql">sum(rate(payments_total{job=&quot;payment&quot;}[1m]))',
    );
    expect(headingSlug('Owner and escalation')).toBe('owner-and-escalation');
    expect(headingSlug('Dashboards and Explore')).toBe('dashboards-and-explore');
  });

  it('links another runbook and the index where the watcher serves them, anchors kept', () => {
    const html = render(
      'See [Watchdog](Watchdog.md), [its fix](Watchdog.md#mitigate) and [all of them](README.md).',
    );
    expect(html).toContain('<a href="/runbooks/Watchdog">Watchdog</a>');
    expect(html).toContain('<a href="/runbooks/Watchdog#mitigate">its fix</a>');
    expect(html).toContain('<a href="/runbooks/">all of them</a>');
  });

  it('keeps links to Grafana and other sites as they are', () => {
    const html = render(
      '[Shop overview](http://localhost:3000/d/faultline-shop-overview?from=now-1h&to=now)',
    );
    expect(html).toContain(
      '<a href="http://localhost:3000/d/faultline-shop-overview?from=now-1h&amp;to=now">Shop overview</a>',
    );
  });

  it('shows a link to a file it does not serve as text, never as a link that would answer 404', () => {
    const html = render(
      'Rules: [the rules](../../infra/prometheus/rules/alerts.yml), [a typo](Watchdgo.md).',
    );
    expect(html).not.toContain('<a ');
    expect(html).toContain('<span class="repository-path">the rules</span>');
    expect(html).toContain('<span class="repository-path">a typo</span>');
  });

  it('shows raw HTML as text and drops script links: a runbook produces only Markdown’s markup', () => {
    const html = render(
      [
        '<script>alert(1)</script>',
        '',
        'Inline <img src=x onerror=alert(2)> and [click](javascript:alert(3)) and [data](data:text/html,x).',
      ].join('\n'),
    );
    expect(html).not.toMatch(/<(script|img)[\s>]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/href="(javascript|data):/i);
  });
});
