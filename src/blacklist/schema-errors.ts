import type { FastifySchemaValidationError, RouteShorthandOptions } from 'fastify';
import { AppError } from '../core/errors.js';
import { blackbe, type StatusName } from './envelope.js';

type SchemaErrorFormatter = NonNullable<RouteShorthandOptions['schemaErrorFormatter']>;
type SchemaErrorDataVar = Parameters<SchemaErrorFormatter>[1];

function listed(error: FastifySchemaValidationError | undefined, key: string): string {
  const values = (error?.params as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(values) ? String(values[0]) : '';
}

/**
 * One readable sentence for the first schema error: an unknown field, a missing one, else the
 * field's own wording from `messages` (keyed by field name; '' is the whole body or query).
 */
export function describeError(errors: readonly FastifySchemaValidationError[], messages: Readonly<Record<string, string>>, dataVar: SchemaErrorDataVar): string {
  const additional = errors.find((e) => e.keyword === 'additionalProperties');
  if (additional) return `Unknown field: ${listed(additional, 'additionalProperties')}`;
  const required = errors.find((e) => e.keyword === 'required');
  if (required) return `${listed(required, 'requiredProperties')} is required`;
  const first = errors[0];
  const field = first?.instancePath.split('/')[1] ?? '';
  if (field === '') return messages[''] ?? (dataVar === 'body' ? 'Request body must be a JSON object' : `Invalid ${dataVar}`);
  return messages[field] ?? `${field} ${first?.message ?? 'is invalid'}`;
}

/** `/manage/blacklist`: a 400 `{"detail"}` in the routes' wording. */
export function manageErrors(messages: Readonly<Record<string, string>> = {}): SchemaErrorFormatter {
  return (errors, dataVar) => new AppError('bad_request', describeError(errors, messages, dataVar), 'validation');
}

/**
 * `/openapi/v3`: the route's BlackBE entry (4000 "请输入需要查询的仓库的UUID", 4001 "无效的Token/无法解析Json", ...).
 * A 4001 also names the field, as the upload's own checks do.
 */
export function blackbeErrors(name: StatusName, messages: Readonly<Record<string, string>> = {}): SchemaErrorFormatter {
  return (errors, dataVar) => (name === 'badRequest' ? blackbe(name, describeError(errors, messages, dataVar)) : blackbe(name));
}
