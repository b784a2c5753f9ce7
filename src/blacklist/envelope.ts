import type { Clock } from '../core/clock.js';
import { AppError, type ErrorKind } from '../core/errors.js';
import { ENVELOPE_CODENAME, ENVELOPE_VERSION, type BlackbeEnvelope } from './wire.js';

interface StatusEntry {
  status: number;
  message: string;
  /** The HTTP status when it is not the usual one (see `httpStatusOf`). */
  http?: number;
}

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
  tooManyFailures: { status: 4001, message: '认证失败次数过多,请稍后再试', http: 429 },
  repositoryNotFound: { status: 4040, message: '查询的云黑库不存在' },
  pieceNotFound: { status: 4040, message: '条目不存在' },
  notFound: { status: 4040, message: '请求的接口不存在', http: 404 },
  duplicate: { status: 40321, message: '上传的玩家信息重复了哦' },
  notYourRepository: { status: 40324, message: '你不能上传不是自己的云黑库哦' },
  notYourPiece: { status: 40326, message: '你不能删除不属于自己的云黑库的条目哦' },
  internal: { status: 5000, message: '内部错误' },
  xuidInternal: { status: 5005, message: '服务器出错' },
} as const satisfies Record<string, StatusEntry>;

export type StatusName = keyof typeof Status;

/** BlackBE's 403xx statuses: permission refusals. */
const isPermissionStatus = (status: number): boolean => status >= 40300 && status < 40400;

function isStatusName(reason: string | undefined): reason is StatusName {
  return reason !== undefined && Object.hasOwn(Status, reason);
}

/**
 * Permission refusals are HTTP 403 (a client reads `err.response.data.message` there); every other
 * body status is HTTP 200, because several clients treat any other code as an outage and one kicks.
 */
export function httpStatusOf(entry: StatusEntry): number {
  if (entry.http !== undefined) return entry.http;
  return isPermissionStatus(entry.status) ? 403 : 200;
}

export function envelope<T>(clock: Clock, entry: StatusEntry, data: T): BlackbeEnvelope<T> {
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

const KIND_OF_STATUS: Record<number, ErrorKind> = { 4000: 'bad_request', 4001: 'bad_request', 4040: 'not_found' };

/** A refusal named by its BlackBE entry; `detail` is shown after the wording of a 4001. */
export function blackbe(name: StatusName, detail?: string): AppError {
  const entry: StatusEntry = Status[name];
  const kind = KIND_OF_STATUS[entry.status] ?? (isPermissionStatus(entry.status) ? 'forbidden' : 'bad_request');
  return new AppError(kind, detail === undefined ? entry.message : detail, name);
}

/**
 * The envelope entry and wording of any refusal. A reason naming an entry wins (a service's
 * `duplicate` is 40321); otherwise the kind decides. A bad_request without a reason is a service's
 * validation message, shown after the 4001 wording so the client learns which field was wrong.
 */
export function entryOf(error: AppError, utilsRoute: boolean): { entry: StatusEntry; message: string } {
  if (isStatusName(error.reason)) {
    const entry: StatusEntry = Status[error.reason];
    const detailed = error.reason === 'badRequest' && error.message !== entry.message;
    return { entry, message: detailed ? `${entry.message}: ${error.message}` : entry.message };
  }
  switch (error.kind) {
    case 'unauthorized':
      return { entry: Status.invalidToken, message: Status.invalidToken.message };
    case 'rate_limited':
      return { entry: Status.tooManyFailures, message: Status.tooManyFailures.message };
    case 'not_found':
      return { entry: Status.notFound, message: Status.notFound.message };
    case 'internal':
    case 'bad_gateway':
    case 'unavailable':
    case 'timeout': {
      const entry = utilsRoute ? Status.xuidInternal : Status.internal;
      return { entry, message: entry.message };
    }
    default: {
      const detailed = error.kind === 'bad_request' && error.reason === undefined;
      return { entry: Status.badRequest, message: detailed ? `${Status.badRequest.message}: ${error.message}` : Status.badRequest.message };
    }
  }
}
