import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { Limits } from './normalize.js';

/** `/manage/blacklist/repositories` bodies (POST needs `name`; PATCH takes any subset). */
const RepositoryFields = {
  name: Type.String({ maxLength: Limits.repositoryName }),
  type: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal('1'), Type.Literal('2')]),
  server: Type.String({ maxLength: Limits.server }),
  server_type: Type.String({ maxLength: Limits.serverType }),
};
export const RepositoryCreate = Compile(
  Type.Object(
    {
      name: RepositoryFields.name,
      type: Type.Optional(RepositoryFields.type),
      server: Type.Optional(RepositoryFields.server),
      server_type: Type.Optional(RepositoryFields.server_type),
    },
    { additionalProperties: false },
  ),
);
export const RepositoryPatch = Compile(Type.Partial(Type.Object(RepositoryFields, { additionalProperties: false })));
export const SettingsPatch = Compile(
  Type.Object(
    {
      enforce: Type.Optional(Type.Boolean()),
      min_level: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])),
      message: Type.Optional(Type.String({ minLength: 1, maxLength: Limits.message })),
    },
    { additionalProperties: false },
  ),
);

export const REPOSITORY_MESSAGES: Record<string, string> = {
  name: `name must be a string of at most ${Limits.repositoryName} characters`,
  type: 'type must be 1 (readable by UUID) or 2 (owner only)',
  server: `server must be a string of at most ${Limits.server} characters`,
  server_type: `server_type must be a string of at most ${Limits.serverType} characters`,
};

export const SETTINGS_MESSAGES: Record<string, string> = {
  enforce: 'enforce must be true or false',
  min_level: 'min_level must be 1, 2 or 3',
  message: `message must be a non-empty string of at most ${Limits.message} characters`,
};

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: unknown;
  message: string;
}

/** One readable sentence for the first schema error, in the wording of the /manage routes. */
export function describeError(errors: readonly SchemaError[], messages: Record<string, string>): string {
  const listed = (error: SchemaError | undefined, key: string) => {
    const values = (error?.params as Record<string, unknown> | undefined)?.[key];
    return Array.isArray(values) ? String(values[0]) : '';
  };
  const additional = errors.find((e) => e.keyword === 'additionalProperties');
  if (additional) return `Unknown field: ${listed(additional, 'additionalProperties')}`;
  const required = errors.find((e) => e.keyword === 'required');
  if (required) return `${listed(required, 'requiredProperties')} is required`;
  const first = errors[0];
  if (!first) return 'Invalid request body';
  const field = first.instancePath.split('/')[1] ?? '';
  return messages[field] ?? `${field} ${first.message}`;
}
