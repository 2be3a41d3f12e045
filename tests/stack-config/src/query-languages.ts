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
