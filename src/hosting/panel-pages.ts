import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { webBuildDir } from '../core/paths.js';
import { statusOf, type AppError } from '../core/errors.js';
import { setSecurityHeaders } from '../web/security-headers.js';

/*
 * A browser that navigates to a panel URL (the Discord login, its callback, an unknown path) and
 * meets a refusal gets a page, not the `{message, reason}` JSON that scripts and the panel's own
 * fetch calls keep getting. The page is the panel app itself, told the reason in a <meta>: it
 * words it in the reader's language (their choice in the panel, else the browser's), with the
 * language switch and the way back every panel page has.
 */

/** The <meta> the panel app reads its error from. */
export const ERROR_META = 'ic-panel-error';

/**
 * A top-level navigation, by Fetch Metadata where the browser sends it (secure contexts); by an
 * Accept that asks for HTML otherwise (plain-http LAN set-ups). fetch() and scripts send neither.
 */
export function isNavigation(request: FastifyRequest): boolean {
  const mode = request.headers['sec-fetch-mode'];
  if (typeof mode === 'string') return mode === 'navigate';
  return /(^|,)\s*text\/html/i.test(request.headers.accept ?? '');
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The built app's index.html with the error told in its head; null when the app is not built. */
function appPage(reason: string, status: number): string | null {
  let html: string;
  try {
    // Small, and read only on a failed navigation; a rebuild is picked up at once.
    html = readFileSync(join(webBuildDir('panel'), 'index.html'), 'utf8');
  } catch {
    return null;
  }
  const meta = `<meta name="${ERROR_META}" content="${escapeHtml(reason)}" data-status="${status}">`;
  return html.includes('</head>') ? html.replace('</head>', `${meta}</head>`) : null;
}

/*
 * Without the built app (the operator has not run the build) there is nothing to word the page
 * with but this: one sentence in the browser's language that names the way forward.
 */
const UNBUILT = {
  en: { title: 'Panel unavailable', body: 'This panel cannot show its pages: its web app is not built on this server. Ask the operator to build it.', back: 'Try again' },
  'zh-CN': { title: '面板不可用', body: '此面板无法显示页面：服务器上尚未构建它的网页应用。请联系管理员构建。', back: '重试' },
  'zh-TW': { title: '面板無法使用', body: '此面板無法顯示頁面：伺服器上尚未建置它的網頁應用程式。請連絡管理員建置。', back: '重試' },
} as const;

function acceptLanguage(header: string | undefined): keyof typeof UNBUILT {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(tag) ? 'zh-TW' : 'zh-CN';
  }
  return 'en';
}

function unbuiltPage(request: FastifyRequest, reason: string): string {
  const lang = acceptLanguage(request.headers['accept-language']);
  const text = UNBUILT[lang];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text.title} · InterConnect Hosting</title></head><body><main><h1>${text.title}</h1><p>${text.body}</p><p><small>${escapeHtml(reason)}</small></p><p><a href="/panel/">${text.back}</a></p></main></body></html>`;
}

/** Answers a panel navigation's refusal with a page, in the refusal's status. */
export function renderPanelPage(error: AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = statusOf(error.kind);
  const reason = error.reason ?? error.kind;
  const html = appPage(reason, status) ?? unbuiltPage(request, reason);
  // Not-found answers come from outside the panel's scope, which sets these for everything else.
  setSecurityHeaders(reply);
  // A page about one failed login must not be cached and shown for the next.
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
}
