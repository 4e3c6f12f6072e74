/**
 * The join block's work asked of the backend (POST /api/join-block/find, write, remove), with the
 * user's token, for the launch event: launchevent.js then carries no HTML parser nor the block's
 * strings of every language. The body passes through the backend in memory only; a body larger
 * than the backend takes (413 body_too_large) is a FlowError appointment_too_large, whose sentence
 * sends the user to the task pane, which edits the body itself.
 *
 * A body that names neither Webex nor one of the deployment's join-link hosts anywhere holds no
 * block (ours carries "webex" in its ids, and a block found by its link alone has a Webex join
 * link, which Outlook writes in clear): finding or removing one there is answered here, so the
 * text of appointments without a Webex meeting, whose time changes, never leaves the device.
 */
import { isApiError } from '../api/api-error';
import type { JoinBlockApi } from '../api/join-block-api';
import type { JoinBlockOps } from './flow-deps';
import { FlowError } from './flow-error';

/** The hosts, on the wire only when there are some. */
const hostsOf = (joinLinkHosts: readonly string[]) => (joinLinkHosts.length > 0 ? { joinLinkHosts: [...joinLinkHosts] } : {});

/** Whether the body names Webex or a join-link host at all, in any case. */
export function mayHoldJoinBlock(body: string, joinLinkHosts: readonly string[]): boolean {
  const text = body.toLowerCase();
  return ['webex', ...joinLinkHosts].some((name) => name !== '' && text.includes(name.toLowerCase()));
}

/**
 * The backend's answer; a body too large for it is the appointment's problem, told as such. By its
 * status: a proxy in front of the backend may refuse it first, without the API's error shape.
 */
async function asked<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (thrown) {
    if (isApiError(thrown) && thrown.status === 413)
      throw new FlowError('appointment_too_large', 'The appointment’s body is too large to send.');
    throw thrown;
  }
}

export function remoteJoinBlockOps(api: JoinBlockApi): JoinBlockOps {
  return {
    find: async (body, bodyType, joinLinkHosts) =>
      mayHoldJoinBlock(body, joinLinkHosts) ? asked(api.findJoinBlock({ body, bodyType, ...hostsOf(joinLinkHosts) })) : undefined,
    write: (body, bodyType, { details, locale }, joinLinkHosts) =>
      asked(api.writeJoinBlock({ body, bodyType, details, ...(locale ? { locale } : {}), ...hostsOf(joinLinkHosts) })),
    remove: async (body, bodyType, joinLinkHosts) =>
      mayHoldJoinBlock(body, joinLinkHosts) ? asked(api.removeJoinBlock({ body, bodyType, ...hostsOf(joinLinkHosts) })) : body,
  };
}
