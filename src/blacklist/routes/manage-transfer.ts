import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context.js';
import { HttpError } from '../../core/errors.js';
import type { BlacklistService } from '../service.js';
import { manage } from './common.js';
import { ANY_KEY, OWNER_REQUIRED, OWNERS } from './manage-repositories.js';

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

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    if (position === undefined) throw new HttpError(400, `The file is not valid JSON: ${message}`);
    const { line, column } = lineAndColumn(text, Number(position));
    throw new HttpError(400, `The file is not valid JSON at line ${line}, column ${column}: ${message}`);
  }
}

/** Export and import of a repository, to move a list between services. */
export async function manageTransferRoutes(app: FastifyInstance, ctx: AppContext, blacklist: BlacklistService): Promise<void> {
  app.get<{ Params: { uuid: string } }>('/manage/blacklist/repositories/:uuid/export', async (request, reply) => {
    const key = await ctx.auth.require(request, ANY_KEY, OWNER_REQUIRED);
    const document = await manage(() => blacklist.exportRepository(key, request.params.uuid));
    return reply
      .header('content-disposition', `attachment; filename="blacklist-${document.repository.uuid}.json"`)
      .send(document);
  });

  // Its own context: the body is read as text so a syntax error can be reported by line.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post<{ Params: { uuid: string }; Querystring: { replace?: string } }>(
      '/manage/blacklist/repositories/:uuid/import',
      { bodyLimit: IMPORT_BODY_LIMIT },
      async (request) => {
        const key = await ctx.auth.require(request, OWNERS, OWNER_REQUIRED);
        const replace = request.query.replace;
        if (replace !== undefined && replace !== 'true' && replace !== 'false') throw new HttpError(400, 'replace must be true or false');
        const text = typeof request.body === 'string' ? request.body : '';
        if (text.trim() === '') throw new HttpError(400, 'The file is empty');
        const document = parseDocument(text);
        return manage(() => blacklist.importRepository(key, request.params.uuid, document, replace === 'true'));
      },
    );
  });
}
