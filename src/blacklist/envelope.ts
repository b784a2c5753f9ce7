import type { FastifyReply } from 'fastify';
import type { Clock } from '../core/clock.js';

export const ENVELOPE_VERSION = 'v3.1';
export const ENVELOPE_CODENAME = 'Moriya Suwako';

/** BlackBE's body statuses with the wording its clients print back to users. */
export const Status = {
  found: { status: 2000, message: '查到了DeSu' },
  ok: { status: 2000, message: '查询成功DeSu' },
  uploaded: { status: 2000, message: '上传成功啦' },
  deleted: { status: 2000, message: '删除成功了' },
  notBlacklisted: { status: 2001, message: '用户不存在于黑名单中哦' },
  noRepositories: { status: 2001, message: '你还没有创建云黑库哦' },
  emptyRepository: { status: 2001, message: '此云黑库没有条目' },
  unknownGamertag: { status: 2001, message: '玩家不存在' },
  noParameter: { status: 4000, message: '请至少输入一个参数' },
  noRepositoryUuid: { status: 4000, message: '请输入需要查询的仓库的UUID' },
  noRepositoryList: { status: 4000, message: '请提交需要查询的仓库UUID列表(repositories_uuid)' },
  invalidToken: { status: 4001, message: '无效的Token' },
  badRequest: { status: 4001, message: '无效的Token/无法解析Json' },
  noGamertag: { status: 4001, message: '请输入需要查询的玩家名字' },
  repositoryNotFound: { status: 4040, message: '查询的云黑库不存在' },
  pieceNotFound: { status: 4040, message: '条目不存在' },
  notFound: { status: 4040, message: '请求的接口不存在' },
  duplicate: { status: 40321, message: '上传的玩家信息重复了哦' },
  notYourRepository: { status: 40324, message: '你不能上传不是自己的云黑库哦' },
  notYourPiece: { status: 40326, message: '你不能删除不属于自己的云黑库的条目哦' },
  internal: { status: 5000, message: '内部错误' },
  xuidInternal: { status: 5005, message: '服务器出错' },
} as const satisfies Record<string, { status: number; message: string }>;

export type StatusEntry = (typeof Status)[keyof typeof Status];

export interface Envelope<T> {
  success: boolean;
  status: number;
  message: string;
  version: string;
  codename: string;
  time: number;
  data: T;
}

/** Permission refusals are HTTP 403 (clients read `err.response.data.message`); everything else 200. */
export function httpStatusFor(status: number): number {
  return status >= 40300 && status < 40400 ? 403 : 200;
}

export function envelope<T>(clock: Clock, entry: { status: number; message: string }, data: T): Envelope<T> {
  return {
    success: entry.status < 3000,
    status: entry.status,
    message: entry.message,
    version: ENVELOPE_VERSION,
    codename: ENVELOPE_CODENAME,
    time: Math.floor(clock.now().getTime() / 1000),
    data,
  };
}

/**
 * Sends an envelope as one compact line. JSON.stringify without spacing never emits a newline
 * (string newlines are escaped), which the Nukkit client that parses line by line relies on.
 */
export function sendEnvelope<T>(
  reply: FastifyReply,
  clock: Clock,
  entry: { status: number; message: string },
  data: T,
  httpStatus = httpStatusFor(entry.status),
) {
  return reply
    .code(httpStatus)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(envelope(clock, entry, data)));
}

/** A refusal carried to the envelope error handler: `[]` data, the body status, an optional detail. */
export class BlackbeError extends Error {
  constructor(
    readonly entry: { status: number; message: string },
    readonly detail?: string,
  ) {
    super(detail === undefined ? entry.message : `${entry.message}: ${detail}`);
    this.name = 'BlackbeError';
  }
}
