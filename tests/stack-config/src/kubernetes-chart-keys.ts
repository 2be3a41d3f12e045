/**
 * The keys a Helm chart documents, as facts the tests can check values files against without
 * the chart or the network: every key path of the chart's own values.yaml (JSON Pointers, RFC
 * 6901), with the chart's name, version and appVersion from its Chart.yaml. Lists are leaves
 * (a values file replaces a list whole); an empty map (`resources: {}`) is a leaf too, so a
 * values file that sets keys below one must name it as a free-form root in the spec.
 *
 * Regenerate one file of infra/kubernetes/backends/chart-keys/ after moving a chart's pin
 * (Node 24 runs this file as it is), from a checkout of the chart's repository at the commit:
 *
 *   node tests/stack-config/src/kubernetes-chart-keys.ts <chart>/Chart.yaml <chart>/values.yaml \
 *     github:<owner>/<repo>@<commit>:<chart path> > infra/kubernetes/backends/chart-keys/<name>.json
 *   npx prettier --write infra/kubernetes/backends/chart-keys/<name>.json
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One chart's documented keys, as committed under infra/kubernetes/backends/chart-keys. */
export interface ChartKeys {
  chart: string;
  version: string;
  appVersion: string;
  /** Where the facts were read: github:<owner>/<repo>@<commit>:<chart path>. */
  source: string;
  /** Every key path of the chart's values.yaml, as a JSON Pointer, sorted. */
  keys: string[];
}

/** A JSON Pointer for a key path: `/` and `~` inside a key escaped as RFC 6901 says. */
export const pointer = (segments: readonly string[]): string =>
  segments.map((key) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');

const isMap = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

/** Every key path of a parsed values tree: maps are descended, everything else is a leaf. */
export function keyPaths(node: unknown, prefix: readonly string[] = []): string[] {
  if (!isMap(node)) return [];
  return Object.entries(node).flatMap(([key, child]) => {
    const path = [...prefix, key];
    return [pointer(path), ...keyPaths(child, path)];
  });
}

/** The facts of one chart, from the text of its Chart.yaml and values.yaml. */
export function chartKeys(chartYaml: string, valuesYaml: string, source: string): ChartKeys {
  // A version written like a number (`1.0`) parses as one: both are turned back into strings.
  const chart = parse(chartYaml) as {
    name: string;
    version: string | number;
    appVersion?: string | number;
  };
  return {
    chart: chart.name,
    version: String(chart.version),
    appVersion: String(chart.appVersion ?? ''),
    source,
    keys: [...new Set(keyPaths(parse(valuesYaml)))].sort(),
  };
}

// Run as a script (not when a spec imports it): print the JSON for the files named.
if (process.argv[1]?.endsWith('kubernetes-chart-keys.ts')) {
  const [chartYaml, valuesYaml, source] = process.argv.slice(2);
  if (!chartYaml || !valuesYaml || !source) {
    process.stderr.write(
      'usage: node kubernetes-chart-keys.ts <Chart.yaml> <values.yaml> github:<owner>/<repo>@<commit>:<path>\n',
    );
    process.exit(2);
  }
  const facts = chartKeys(
    readFileSync(chartYaml, 'utf8'),
    readFileSync(valuesYaml, 'utf8'),
    source,
  );
  process.stdout.write(`${JSON.stringify(facts, null, 2)}\n`);
}
