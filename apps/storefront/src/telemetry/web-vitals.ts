import type { Tracer } from '@opentelemetry/api';
import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { MetricType } from 'web-vitals';

/** The name of every web-vital span; `browser.web_vital.name` says which (LCP, FCP, TTFB, INP, CLS). */
export const WEB_VITAL_SPAN = 'web_vital';

/** The semantic conventions' (incubating) `browser.web_vital.*` attributes, copied as OTel advises. */
const ATTR = {
  name: 'browser.web_vital.name',
  value: 'browser.web_vital.value',
  delta: 'browser.web_vital.delta',
  rating: 'browser.web_vital.rating',
  id: 'browser.web_vital.id',
  navigationType: 'browser.web_vital.navigation_type',
} as const;

/** Vitals measured from the start of the navigation: their span runs from there to the moment. */
const SINCE_NAVIGATION = new Set(['FCP', 'LCP', 'TTFB']);

/**
 * One span per reported web vital. Loading vitals span from the navigation start to their value
 * (so a trace view shows them as the time they took); INP spans the interaction it measures; CLS,
 * a score, is an instant. web-vitals reports LCP, INP and CLS once they are final (first input or
 * the page being hidden), and the browser's batch processor flushes when the page is hidden.
 */
export function reportWebVitals(tracer: Tracer, path: () => string): void {
  const record = (metric: MetricType): void => {
    const now = performance.timeOrigin + performance.now();
    const start = SINCE_NAVIGATION.has(metric.name)
      ? performance.timeOrigin + (metric.navigationStartTime ?? 0)
      : metric.name === 'INP'
        ? now - metric.value
        : now;
    const span = tracer.startSpan(WEB_VITAL_SPAN, {
      root: true,
      startTime: start,
      attributes: {
        [ATTR.name]: metric.name,
        [ATTR.value]: metric.value,
        [ATTR.delta]: metric.delta,
        [ATTR.rating]: metric.rating,
        [ATTR.id]: metric.id,
        [ATTR.navigationType]: metric.navigationType,
        'url.path': path(),
      },
    });
    span.end(
      SINCE_NAVIGATION.has(metric.name)
        ? start + metric.value
        : metric.name === 'INP'
          ? now
          : start,
    );
  };
  onTTFB(record);
  onFCP(record);
  onLCP(record);
  onINP(record);
  onCLS(record);
}
