import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  LegendDisplayMode,
  LegendPlacement,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  PanelBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type ValueMapping,
  MappingType,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as pyroscope from '@grafana/grafana-foundation-sdk/grafanapyroscope';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as text from '@grafana/grafana-foundation-sdk/text';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { LOKI, PROMETHEUS, PYROSCOPE, TEMPO } from './datasources';

type Query = cog.Builder<cog.Dataquery>;

export interface PanelSize {
  /** Width in grid columns (24 is the full row). */
  width?: number;
  height?: number;
}

/** A step of a threshold scale: the colour from `value` upwards (`null` is the base). */
export interface Step {
  value: number | null;
  color: string;
}

const thresholds = (steps: Step[]): ThresholdsConfigBuilder =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);

/** A time series panel over Prometheus, legend below, every series in the tooltip. */
export function timeSeries(
  title: string,
  description: string,
  unit: string,
  queries: Query[],
  size: PanelSize = {},
): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .targets(queries)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom),
    )
    .tooltip(
      new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending),
    )
    .fillOpacity(10)
    .span(size.width ?? 12)
    .height(size.height ?? 8);
}

/** A single-number panel over Prometheus, coloured by `steps`. */
export function singleStat(
  title: string,
  description: string,
  unit: string,
  query: Query,
  steps: Step[],
  size: PanelSize = {},
): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .unit(unit)
    .withTarget(query)
    .thresholds(thresholds(steps))
    .span(size.width ?? 6)
    .height(size.height ?? 5);
}

/** A state timeline over Prometheus with value → text mappings (breaker states, faults). */
export function stateTimeline(
  title: string,
  description: string,
  query: Query,
  mappings: ValueMapping[],
  steps: Step[],
  size: PanelSize = {},
): statetimeline.PanelBuilder {
  return new statetimeline.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .withTarget(query)
    .mappings(mappings)
    .thresholds(thresholds(steps))
    .span(size.width ?? 12)
    .height(size.height ?? 8);
}

/** Value → text mapping for a state timeline. */
export function valueText(values: Record<string, { text: string; color: string }>): ValueMapping {
  return { type: MappingType.ValueToText, options: values };
}

/** A table over Prometheus (instant queries). */
export function promTable(
  title: string,
  description: string,
  query: Query,
  size: PanelSize = {},
): table.PanelBuilder {
  return new table.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(PROMETHEUS)
    .withTarget(query)
    .span(size.width ?? 12)
    .height(size.height ?? 8);
}

/** A logs panel over Loki. */
export function logLines(
  title: string,
  description: string,
  query: Query,
  size: PanelSize = {},
): logs.PanelBuilder {
  return new logs.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(LOKI)
    .withTarget(query)
    .showTime(true)
    .wrapLogMessage(true)
    .span(size.width ?? 12)
    .height(size.height ?? 10);
}

/** A table of TraceQL search results over Tempo (each row opens its trace). */
export function traceTable(
  title: string,
  description: string,
  query: Query,
  size: PanelSize = {},
): table.PanelBuilder {
  return new table.PanelBuilder()
    .title(title)
    .description(description)
    .datasource(TEMPO)
    .withTarget(query)
    .span(size.width ?? 12)
    .height(size.height ?? 10);
}

/**
 * The CPU profile the services push: the Node wall profiler with its CPU time collected
 * (libs/instrumented's profiling: `wall: { collectCpuTime: true }`), as Pyroscope names it.
 */
export const CPU_PROFILE = 'wall:cpu:nanoseconds:wall:nanoseconds';

/**
 * A flame graph of the CPU profiles matching `labelSelector` over the dashboard's time range
 * (Grafana's flamegraph visualization, which the foundation SDK has no builder for).
 */
export function flameGraph(
  title: string,
  description: string,
  labelSelector: string,
  size: PanelSize = {},
): PanelBuilder {
  return new PanelBuilder()
    .type('flamegraph')
    .title(title)
    .description(description)
    .datasource(PYROSCOPE)
    .withTarget(
      new pyroscope.DataqueryBuilder()
        .queryType('profile')
        .profileTypeId(CPU_PROFILE)
        .labelSelector(labelSelector)
        .groupBy([]),
    )
    .span(size.width ?? 12)
    .height(size.height ?? 12);
}

/** A Markdown note. */
export function note(title: string, markdown: string, size: PanelSize = {}): text.PanelBuilder {
  return new text.PanelBuilder()
    .title(title)
    .mode(text.TextMode.Markdown)
    .content(markdown)
    .span(size.width ?? 24)
    .height(size.height ?? 3);
}
