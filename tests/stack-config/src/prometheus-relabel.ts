/**
 * The part of Prometheus's target relabelling the scrape configs of this repository use, so a
 * test can run a job's relabel_configs over candidate targets and see which are scraped, with
 * which labels: `keep`, `drop` and `replace` (the default), source labels joined by the
 * separator, the regex anchored at both ends as Prometheus anchors it, `$1`-style replacements.
 */

/** One relabel rule as a scrape config writes it. */
export interface RelabelRule {
  source_labels?: string[];
  separator?: string;
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: 'keep' | 'drop' | 'replace';
}

/** A target's labels, the `__meta_*` and `__address__` ones included. */
export type Labels = Record<string, string>;

const anchored = (regex: string): RegExp => new RegExp(`^(?:${regex})$`, 's');

/** The target after the rules, or undefined when a rule drops it. */
export function relabel(
  target: Readonly<Labels>,
  rules: readonly RelabelRule[],
): Labels | undefined {
  let labels: Labels = { ...target };
  for (const rule of rules) {
    const value = (rule.source_labels ?? [])
      .map((name) => labels[name] ?? '')
      .join(rule.separator ?? ';');
    const regex = anchored(rule.regex ?? '(.*)');
    const action = rule.action ?? 'replace';
    if (action === 'keep' && !regex.test(value)) return undefined;
    if (action === 'drop' && regex.test(value)) return undefined;
    if (action === 'replace' && rule.target_label && regex.test(value)) {
      const replaced = value.replace(regex, rule.replacement ?? '$1');
      const { target_label: name } = rule;
      // An empty result removes the label, as in Prometheus.
      labels =
        replaced === ''
          ? Object.fromEntries(Object.entries(labels).filter(([label]) => label !== name))
          : { ...labels, [name]: replaced };
    }
  }
  return labels;
}
