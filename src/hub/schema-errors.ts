import type { FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorDataVar, SchemaErrorFormatter } from 'fastify/types/schema.js';
import { isRecord, type SchemaProblem } from './validation.js';

/** How a route words a field's refusals; the spec fixes some (`Name is required`). */
export interface FieldRule {
  /** For an absent, null or blank value. */
  missing?: string;
  /** For any other bad value. */
  invalid?: string | ((value: unknown) => string);
}

export interface ErrorWording {
  /** For a body (or query) that is not an object at all. */
  root?: string;
  fields?: Record<string, FieldRule>;
}

type DataVar = SchemaErrorDataVar;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A nullable schema's non-null branch: its message is the one a caller needs. */
function effective(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return {};
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf.filter((s) => !(isRecord(s) && s.type === 'null'));
    if (branches.length === 1) return effective(branches[0]);
  }
  return schema;
}

function allowed(schema: Record<string, unknown>): string[] | null {
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((s) => isRecord(s) && 'const' in s)) {
    return schema.anyOf.map((s) => String((s as { const: unknown }).const));
  }
  return null;
}

/** The generic wording of a bad value, from the field's own schema. */
function generic(field: string, value: unknown, schema: Record<string, unknown>, dataVar: DataVar): string {
  if (Array.isArray(value) && dataVar !== 'body') return `${field} must be given once`;
  const choices = allowed(schema);
  if (choices) return `${field} must be one of ${choices.join(', ')}`;
  switch (schema.type) {
    case 'integer': {
      const { minimum, maximum } = schema;
      return typeof minimum === 'number' && typeof maximum === 'number'
        ? `${field} must be a whole number from ${minimum} to ${maximum}`
        : `${field} must be a whole number`;
    }
    case 'number':
      return `${field} must be a number`;
    case 'boolean':
      return `${field} must be true or false`;
    case 'object':
      return `${field} must be an object`;
    case 'array':
      return `${field} must be an array`;
    case 'string':
      if (typeof value !== 'string') return `${field} must be a string`;
      if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return `${field} must be at most ${schema.maxLength} characters`;
      if (typeof schema.minLength === 'number' && value.length < schema.minLength) return `${field} must not be empty`;
      return `${field} is not in the expected format`;
    default:
      return `${field} is not valid`;
  }
}

interface Described {
  message: string;
  missing: boolean;
}

function describe(problem: SchemaProblem, dataVar: DataVar, wording: ErrorWording): Described {
  const requiredList = problem.keyword === 'required' ? problem.params.requiredProperties ?? problem.params.missingProperty : undefined;
  if (requiredList !== undefined) {
    const field = String(Array.isArray(requiredList) ? requiredList[0] : requiredList);
    return { message: wording.fields?.[field]?.missing ?? `${field} is required`, missing: true };
  }
  const segments = problem.instancePath.split('/').slice(1);
  if (segments.length === 0) {
    const fallback = dataVar === 'body' ? 'Request body must be a JSON object' : `Invalid ${dataVar}`;
    return { message: wording.root ?? fallback, missing: false };
  }
  const field = (segments[0] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  const rule = wording.fields?.[field];
  // A nested value's problem is its top-level field's: `data/x` is still about `data`.
  const value = segments.length === 1 ? problem.data : undefined;
  if (rule?.missing !== undefined && segments.length === 1 && isBlank(value)) return { message: rule.missing, missing: true };
  if (rule?.invalid !== undefined) return { message: typeof rule.invalid === 'function' ? rule.invalid(value) : rule.invalid, missing: false };
  const schema = segments.length === 1 ? effective(problem.parentSchema) : { type: 'object' };
  return { message: generic(field, value, schema, dataVar), missing: false };
}

/** The one message for a failed check: a missing field first, else the first problem in field order. */
export function schemaMessage(errors: readonly FastifySchemaValidationError[], dataVar: DataVar, wording: ErrorWording = {}): string {
  const described = (errors as readonly SchemaProblem[]).filter((e) => e.keyword !== 'anyOf').map((e) => describe(e, dataVar, wording));
  const first = described.find((d) => d.missing) ?? described[0];
  return first?.message ?? `Invalid ${dataVar}`;
}

/** A route's (or the module's) schema-error formatter with its wording. */
export function schemaErrors(wording: ErrorWording = {}): SchemaErrorFormatter {
  return (errors, dataVar) => new Error(schemaMessage(errors, dataVar, wording));
}
