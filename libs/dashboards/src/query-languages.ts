/** What is used of a lezer tree (each grammar package brings its own copy of @lezer/common). */
interface ParsedTree {
  iterate(spec: { enter: (node: { type: { isError: boolean }; from: number }) => void }): void;
}

interface QueryParser {
  parse(input: string): ParsedTree;
}

// The grammar packages are typed as ES modules but ship a CommonJS build (their `require`
// export), which is what this CommonJS library loads.
/* eslint-disable @typescript-eslint/no-require-imports */
const logqlParser = (require('@grafana/lezer-logql') as { parser: QueryParser }).parser;
const traceqlParser = (require('@grafana/lezer-traceql') as { parser: QueryParser }).parser;
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
