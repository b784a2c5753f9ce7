import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderDetail } from '../core/detail-envelope.js';
import { AppError, statusOf } from '../core/errors.js';
import { errorHandler } from '../core/module.js';
import { flaskJson } from './flask-json.js';
import { isNavigation, renderPanelPage } from './panel-pages.js';

/*
 * The hosting module answers in three envelopes, chosen by URL: BoardMate's `{code, message}` on
 * the admin API, `{message, reason}` on the panel, and the manage routes' `{detail}`.
 */

export const BAD_REQUEST_MESSAGE = '資料有誤';
const INTERNAL_MESSAGE = '伺服器發生錯誤，請連絡管理員';

/** BoardMate answers every malformed request (a missing field, a bad body of any kind) with 400 資料有誤. */
export function renderBoardMate(error: AppError, reply: FastifyReply): FastifyReply {
  let code = statusOf(error.kind);
  let message = error.message;
  if (error.kind === 'bad_request' || error.kind === 'payload_too_large' || error.kind === 'unsupported_media_type') {
    code = 400;
    message = BAD_REQUEST_MESSAGE;
  } else if (error.kind === 'not_found' && error.reason === undefined) {
    // No route here: BoardMate's own 404 page text.
    message = '頁面不存在';
  } else if (error.kind === 'internal') {
    message = INTERNAL_MESSAGE;
  }
  return reply.code(code).type('application/json').send(flaskJson({ code, message }));
}

export function renderPanel(error: AppError, reply: FastifyReply): FastifyReply {
  const message = error.kind === 'internal' ? `${INTERNAL_MESSAGE} (internal error)` : error.message;
  return reply.code(statusOf(error.kind)).send({ message, reason: error.reason ?? error.kind });
}

export const isPanelUrl = (url: string): boolean => url === '/panel' || url.startsWith('/panel/') || url.startsWith('/panel?');
const isPanelApiUrl = (url: string): boolean => url.startsWith('/panel/api/');
export const isManageUrl = (url: string): boolean => url.startsWith('/manage/');

export function renderHostingError(error: AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isPanelUrl(request.url)) {
    // The JSON API answers JSON whoever asks; a browser sent to a login URL or a page gets a page.
    if (!isPanelApiUrl(request.url) && isNavigation(request)) return renderPanelPage(error, request, reply);
    return renderPanel(error, reply);
  }
  if (isManageUrl(request.url)) return renderDetail(error, reply);
  return renderBoardMate(error, reply);
}

/** Fastify's own refusals (parsers, limits) in the panel's wording; the services' AppErrors are worded already. */
export function panelWording(error: AppError): AppError {
  return new AppError(error.kind, `${BAD_REQUEST_MESSAGE} (${error.message})`, error.kind === 'bad_request' ? 'bad_request' : error.kind);
}

/** The module's one error handler: every refusal in its envelope, anything unknown logged and answered 500. */
export const handleHostingError = errorHandler(
  renderHostingError,
  'hosting request failed',
  (error, request) => (isPanelUrl(request.url) ? panelWording(error) : error),
);
