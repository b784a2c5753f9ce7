import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fromFastifyError, isDependencyDown } from './errors.js';

export type RenderError = (error: AppError, request: FastifyRequest, reply: FastifyReply) => FastifyReply;

/**
 * The one shape of a module on the HTTP side: a Fastify plugin over the module's service, and the
 * module's envelope for errors. `app.ts` registers modules and knows nothing else of them.
 */
export interface HttpModule {
  readonly name: string;
  /**
   * URL prefixes this module answers for when no route is chosen (a malformed URL, an unknown
   * path), so even those answers carry its envelope. The longest matching prefix wins.
   */
  readonly prefixes: readonly string[];
  register(app: FastifyInstance): Promise<void>;
  /** Renders a refusal in the module's envelope with the status of its kind. */
  renderError: RenderError;
}

/**
 * A scope's error handler: a service's refusal goes to `render` as thrown, Fastify's own (parsers,
 * limits, schemas) first through `reword` when the module words them its way; a database that
 * cannot be reached as unavailable; anything else is logged and rendered as internal, never with
 * its own message.
 */
export function errorHandler(render: RenderError, failure: string, reword?: (error: AppError, request: FastifyRequest) => AppError) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const known = fromFastifyError(error);
    if (known && known.kind !== 'internal') {
      return render(error instanceof AppError || !reword ? known : reword(known, request), request, reply);
    }
    if (isDependencyDown(error)) {
      request.log.warn({ err: error, url: request.url.split('?')[0] }, 'database unavailable');
      return render(new AppError('unavailable', 'The service cannot reach its database right now; retry later'), request, reply);
    }
    request.log.error({ err: error, url: request.url.split('?')[0] }, failure);
    return render(new AppError('internal', 'Internal server error'), request, reply);
  };
}

/** The module whose prefix is the longest match for a URL, if any. */
export function moduleFor<M extends Pick<HttpModule, 'prefixes'>>(modules: readonly M[], url: string): M | undefined {
  let best: M | undefined;
  let bestLength = -1;
  for (const module of modules) {
    for (const prefix of module.prefixes) {
      if ((url === prefix || url.startsWith(prefix)) && prefix.length > bestLength) {
        best = module;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}
