import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/** A schema error with what failed (as Ajv's verbose mode gives), so messages can name the value. */
export interface SchemaProblem extends FastifySchemaValidationError {
  data: unknown;
  /** The (sub)schema the error's schemaPath points at. */
  parentSchema: unknown;
}

type Part = 'body' | 'querystring' | 'params' | 'headers';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(segment)];
  }
  return node;
}

/** The types a (possibly nullable) schema accepts. */
function typesOf(schema: unknown): string[] {
  if (!isRecord(schema)) return [];
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.anyOf)) return schema.anyOf.flatMap(typesOf);
  return [];
}

/**
 * Query strings, params and headers arrive as strings. Only plain decimal digits become numbers,
 * so `1.5`, `0x10`, ` 2`, `NaN` and `1e309` stay strings and fail an integer schema; a repeated
 * parameter stays an array and fails a scalar one; an empty one means absent.
 */
function convertStrings(schema: TSchema, value: unknown): unknown {
  const properties = (schema as { properties?: unknown }).properties;
  if (!isRecord(value) || !isRecord(properties)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(value)) {
    const types = typesOf(properties[name]);
    if (raw === '' && types.length > 0) continue;
    if (typeof raw !== 'string') out[name] = raw;
    else if ((types.includes('integer') || types.includes('number')) && /^-?\d{1,300}$/.test(raw)) out[name] = Number(raw);
    else if (types.includes('boolean') && (raw === 'true' || raw === 'false')) out[name] = raw === 'true';
    else out[name] = raw;
  }
  return out;
}

/** Validates one value against a TypeBox schema; errors carry their data and schema. */
export function checker(schema: TSchema, part: Part): (value: unknown) => { value: unknown } | { error: SchemaProblem[] } {
  const compiled = Compile(schema);
  const objectBody = part === 'body' && typesOf(schema).includes('object');
  return (input) => {
    // An absent (or empty) body is an empty object: its required fields are then named as missing.
    const value = part === 'body' ? (objectBody && (input === null || input === undefined) ? {} : input) : convertStrings(schema, input);
    if (compiled.Check(value)) return { value };
    const error = compiled.Errors(value).map((e) => ({
      ...e,
      data: at(value, e.instancePath),
      parentSchema: at(schema, e.schemaPath.replace(/^#/, '')),
    }));
    return { error };
  };
}

/** The hub's validator compiler: TypeBox checks, no coercion of bodies (`{"name": 5}` is not a name). */
export const hubValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) =>
  checker(schema, (httpPart ?? 'body') as Part);

/**
 * True when `value` nests at most `maxDepth` objects or arrays deep. Iterative, so a hostile
 * 10,000-level document is refused here instead of overflowing the stack in JSON.stringify.
 */
export function nestingWithin(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return false;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return true;
}
