/** The parts of a TypeBox or Ajv validation error this module reports. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: unknown;
  message?: string | undefined;
}

/**
 * One human sentence for the first schema error, naming the field in dotted form
 * (`server.eggs.Paper.egg_id must be >= 1`, `missing required field pterodactyl.key`). Used for the config file,
 * imported BoardMate files and panel requests alike.
 */
export function describeProblem(errors: Iterable<SchemaError>, keyHint = 'is not an allowed key'): string {
  const first = [...errors][0];
  if (!first) return 'is invalid';
  const field = first.instancePath
    .replace(/^\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  if (first.keyword === 'required') {
    // TypeBox names every missing property, Ajv (the route validator) one at a time.
    const params = first.params as { requiredProperties?: string[]; missingProperty?: string };
    const missing = params.requiredProperties ?? (params.missingProperty ? [params.missingProperty] : []);
    return `missing required field ${missing.map((m) => (field ? `${field}.${m}` : m)).join(', ')}`;
  }
  // A key outside a record's key pattern shows up as the "false" schema of additionalProperties.
  const detail = first.keyword === 'boolean' ? keyHint : (first.message ?? 'is invalid');
  return `${field || '(top level)'} ${detail}`;
}
