/**
 * The join block's work asked of the backend (POST /api/join-block/find, write, remove), with the
 * user's token, for the launch event: launchevent.js then carries no HTML parser nor the block's
 * strings of every language. The body passes through the backend in memory only; a body larger
 * than the backend takes is refused (ApiError body_too_large), and the info bar says so.
 */
import type { ApiClient } from '../api/api-client';
import type { JoinBlockOps } from './flow-deps';

export type JoinBlockApi = Pick<ApiClient, 'findJoinBlock' | 'writeJoinBlock' | 'removeJoinBlock'>;

/** The hosts, on the wire only when there are some. */
const hostsOf = (joinLinkHosts: readonly string[]) => (joinLinkHosts.length > 0 ? { joinLinkHosts: [...joinLinkHosts] } : {});

export function remoteJoinBlockOps(api: JoinBlockApi): JoinBlockOps {
  return {
    find: (body, bodyType, joinLinkHosts) => api.findJoinBlock({ body, bodyType, ...hostsOf(joinLinkHosts) }),
    write: (body, bodyType, { details, locale }, joinLinkHosts) =>
      api.writeJoinBlock({ body, bodyType, details, ...(locale ? { locale } : {}), ...hostsOf(joinLinkHosts) }),
    remove: (body, bodyType, joinLinkHosts) => api.removeJoinBlock({ body, bodyType, ...hostsOf(joinLinkHosts) }),
  };
}
