/** Sample values for Grafana's variables, so a query can be parsed as the data source will see it. */
const GRAFANA_VARIABLES: [RegExp, string][] = [
  [/\$\{__tags\}/g, 'service_name="order"'],
  [/\$__tags/g, 'job="order"'],
  [/\$\{__trace\.traceId\}/g, '0af7651916cd43dd8448eb211c80319c'],
  [/\$\{__span\.spanId\}/g, 'b7ad6b7169203331'],
  [/\$\{__value\.raw\}/g, '0af7651916cd43dd8448eb211c80319c'],
  [/\$__rate_interval/g, '1m'],
  [/\$__interval/g, '15s'],
  [/\$__range/g, '30m'],
  [/\$service/g, 'order'],
];

/** A query as Grafana sends it: provisioning's `$$` unescaped, variables given sample values. */
export function asSent(query: string): string {
  let sent = query.replaceAll('$$', '$');
  for (const [pattern, value] of GRAFANA_VARIABLES) sent = sent.replace(pattern, value);
  return sent;
}

/** What is used of a lezer tree (each grammar package brings its own copy of @lezer/common). */
interface ParsedTree {
  iterate(spec: { enter: (node: { type: { isError: boolean }; from: number }) => void }): void;
}

interface QueryParser {
  parse(input: string): ParsedTree;
}

// The grammar packages are typed as ES modules but ship a CommonJS build (their `require`
// export), which is what this CommonJS test project loads.
/* eslint-disable @typescript-eslint/no-require-imports */
const logqlParser = (require('@grafana/lezer-logql') as { parser: QueryParser }).parser;
const traceqlParser = (require('@grafana/lezer-traceql') as { parser: QueryParser }).parser;
/* eslint-enable @typescript-eslint/no-require-imports */

/** The positions of error nodes lezer put in the tree (empty when the query parses). */
function errorNodes(tree: ParsedTree): number[] {
  const errors: number[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

export const logqlErrors = (query: string): number[] => errorNodes(logqlParser.parse(query));
export const traceqlErrors = (query: string): number[] => errorNodes(traceqlParser.parse(query));
