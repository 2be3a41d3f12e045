/** What is used of a lezer tree node: its kind and where it sits in the query. */
interface ParsedNode {
  type: { isError: boolean; name: string };
  from: number;
  to: number;
}

/** What is used of a lezer tree (each grammar package brings its own copy of @lezer/common). */
interface ParsedTree {
  iterate(spec: { enter: (node: ParsedNode) => void }): void;
}

interface QueryParser {
  parse(input: string): ParsedTree;
}

// The grammar packages are typed as ES modules but ship a CommonJS build (their `require`
// export), which is what this CommonJS library loads.
/* eslint-disable @typescript-eslint/no-require-imports */
const logqlParser = (require('@grafana/lezer-logql') as { parser: QueryParser }).parser;
const traceqlParser = (require('@grafana/lezer-traceql') as { parser: QueryParser }).parser;
const promqlParser = (require('@prometheus-io/lezer-promql') as { parser: QueryParser }).parser;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The offsets of the error nodes lezer put in the tree: empty when the query parses. */
function errorNodes(tree: ParsedTree): number[] {
  const errors: number[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

/** Where Grafana's LogQL grammar (the one its query editor uses) fails to parse the query. */
export const logqlErrors = (query: string): number[] => errorNodes(logqlParser.parse(query));

/** Where Grafana's TraceQL grammar fails to parse the query. */
export const traceqlErrors = (query: string): number[] => errorNodes(traceqlParser.parse(query));

/**
 * Functions the PromQL grammar knows but Prometheus v3.14.0 refuses without
 * `--enable-feature=promql-experimental-functions`, which the compose stack does not pass
 * (`Experimental: true` in promql/parser/functions.go at the v3.14.0 tag).
 */
const EXPERIMENTAL_FUNCTIONS: ReadonlySet<string> = new Set([
  'double_exponential_smoothing',
  'end',
  'histogram_quantiles',
  'info',
  'mad_over_time',
  'range',
  'sort_by_label',
  'sort_by_label_desc',
  'start',
  'start_timestamp',
  'step',
  'ts_of_first_over_time',
  'ts_of_last_over_time',
  'ts_of_max_over_time',
  'ts_of_min_over_time',
]);

/** Aggregations behind the same flag (IsExperimentalAggregator in promql/parser/lex.go). */
const EXPERIMENTAL_AGGREGATIONS: ReadonlySet<string> = new Set(['limitk', 'limit_ratio']);

/**
 * Syntax behind other feature flags compose does not pass: the `anchored` and `smoothed` range
 * modifiers (`promql-extended-range-selectors`) and `fill()` on binary operators
 * (`promql-binop-fill-modifiers`).
 */
const FLAGGED_SYNTAX: ReadonlySet<string> = new Set(['Anchored', 'Smoothed', 'FillModifier']);

/**
 * Where the PromQL grammar of Prometheus v3.14.0 (@prometheus-io/lezer-promql 0.314.0, the one its
 * own query editor uses) fails to parse the query, or where the query uses a function, aggregation
 * or modifier the compose stack's Prometheus refuses without a feature flag.
 *
 * Function names are a closed list in the grammar, so an unknown one (`holt_winters(…)`, removed
 * in 3.0) is already a parse error: a name followed by `(` is not a selector. What a grammar cannot
 * see stays unchecked here: argument types and counts (`rate(up)`), duplicate `offset`s, selectors
 * that match only empty labels (`{}`), regular expressions that do not compile. promtool 2.42
 * checks those for every expression that is valid in both versions.
 */
export function promqlErrors(query: string): number[] {
  const errors: number[] = [];
  promqlParser.parse(query).iterate({
    enter: (node) => {
      const name = node.type.name;
      const text = query.slice(node.from, node.to);
      if (
        node.type.isError ||
        FLAGGED_SYNTAX.has(name) ||
        (name === 'FunctionIdentifier' && EXPERIMENTAL_FUNCTIONS.has(text)) ||
        (name === 'AggregateOp' && EXPERIMENTAL_AGGREGATIONS.has(text.toLowerCase()))
      ) {
        errors.push(node.from);
      }
    },
  });
  return errors;
}
