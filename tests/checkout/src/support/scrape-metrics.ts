/** One sample of a scrape: its labels and value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** What a service's /metrics answered, read by metric name. */
export interface Scrape {
  /** Every sample named exactly `name` (a counter's `_total` included), in exposition order. */
  samples(name: string): Sample[];
  /** The value of the one sample of `name` carrying `labels` (others may be present); 0 when absent. */
  value(name: string, labels?: Record<string, string>): number;
}

// name{labels} value — the labels may hold quoted spaces; an OpenMetrics exemplar (` # {…} v`) follows.
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[^"}]|"(?:[^"\\]|\\.)*")*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseExposition(text: string): Map<string, Sample[]> {
  const byName = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match?.[1] || match[3] === undefined) continue; // a comment, # EOF or a blank line
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key ?? '', value ?? '']),
    );
    const samples = byName.get(match[1]) ?? [];
    samples.push({ labels, value: Number(match[3]) });
    byName.set(match[1], samples);
  }
  return byName;
}

/** GETs `${serviceUrl}/metrics` (Prometheus text or OpenMetrics) and parses its samples. */
export async function scrapeMetrics(serviceUrl: string): Promise<Scrape> {
  const res = await fetch(`${serviceUrl}/metrics`);
  if (!res.ok) throw new Error(`${serviceUrl}/metrics answered ${res.status}`);
  const byName = parseExposition(await res.text());
  const samples = (name: string) => byName.get(name) ?? [];
  return {
    samples,
    value: (name, labels = {}) =>
      samples(name).find((sample) =>
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
      )?.value ?? 0,
  };
}
