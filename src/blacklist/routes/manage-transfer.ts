import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { ANY_KEY, callerOf, OWNERS, requireKey } from '../caller.js';
import { manageErrors } from '../schema-errors.js';
import type { BlacklistService } from '../service.js';
import { ExportDocumentSchema, ImportQuerySchema, ImportResultSchema, Limits, UuidParamsSchema } from '../wire.js';
import { BEARER, detailResponses, TAGS } from './route-docs.js';

/** An export of a million pieces is about 200 MB of JSON. */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024;

/** Line and column of a character offset, for pointing at a syntax error in a file. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** A syntax error of the file, pointing at its line and column. */
function syntaxError(text: string, err: Error): AppError {
  const position = /position (\d+)/.exec(err.message)?.[1];
  if (position === undefined) return new AppError('bad_request', `The file is not valid JSON: ${err.message}`);
  const { line, column } = lineAndColumn(text, Number(position));
  return new AppError('bad_request', `The file is not valid JSON at line ${line}, column ${column}: ${err.message}`);
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw syntaxError(text, err as Error);
  }
}

const errors = manageErrors({
  '': 'The file is empty',
  uuid: `uuid must be at most ${Limits.uuid} characters`,
  replace: 'replace must be true or false',
  mode: 'mode must be fail, skip or replace',
});

/** Export and import of a repository, to move a list between services. */
export const manageTransferRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; blacklist: BlacklistService }> = async (app, { ctx, blacklist }) => {
  app.get('/manage/blacklist/repositories/:uuid/export', {
    schema: {
      tags: TAGS, summary: 'The repository as a portable JSON document (a file download)', security: BEARER,
      params: UuidParamsSchema,
      response: { 200: ExportDocumentSchema, ...detailResponses(400, 401, 403, 404, 429) },
    },
    schemaErrorFormatter: errors,
    onRequest: requireKey(ctx, ANY_KEY),
  }, async (request, reply) => {
    const document = await blacklist.exportRepository(callerOf(request), request.params.uuid);
    return reply.header('content-disposition', `attachment; filename="blacklist-${document.repository.uuid}.json"`).send(document);
  });

  // Its own context: the body is read as text so a syntax error can be reported by line.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post('/manage/blacklist/repositories/:uuid/import', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: 'Import an export document or a JSON array of pieces, in one transaction',
        description: 'The body is the JSON text of an export document (`{"pieces": [...]}`) or a bare array of pieces, read as text so a syntax error is reported by line and column. The first bad piece refuses the whole file. `mode` says what happens to a player already in the repository: `fail` (the default) refuses the file, `skip` keeps the existing piece, `replace` overwrites it with the file\'s (keeping its uuid). `replace=true` empties the repository first.',
        security: BEARER,
        params: UuidParamsSchema,
        querystring: ImportQuerySchema,
        body: Type.String({ description: 'JSON text: an export document or an array of pieces' }),
        response: { 200: ImportResultSchema, ...detailResponses(400, 401, 403, 404, 429) },
      },
      schemaErrorFormatter: errors,
      onRequest: requireKey(ctx, OWNERS),
    }, async (request) => {
      if (request.body.trim() === '') throw new AppError('bad_request', 'The file is empty');
      const document = parseDocument(request.body);
      return blacklist.importRepository(callerOf(request), request.params.uuid, document, {
        wipe: request.query.replace === 'true',
        mode: request.query.mode ?? 'fail',
      });
    });
  });
};
