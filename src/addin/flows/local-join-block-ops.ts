/**
 * The join block's work done in the add-in itself, with the HTML parser (core/join-block): the task
 * pane (which loads it with its flows, after its first paint) and the function command.
 */
import { bodyWithJoinBlock, bodyWithoutJoinBlock, joinBlockOnBody } from '../../core/join-block';
import type { JoinBlockOps } from './flow-deps';

export const localJoinBlockOps: JoinBlockOps = {
  find: async (body, type, joinLinkHosts) => joinBlockOnBody(body, type, joinLinkHosts),
  write: async (body, type, { details, locale }, joinLinkHosts) => bodyWithJoinBlock(body, type, details, locale, joinLinkHosts),
  remove: async (body, type, joinLinkHosts) => bodyWithoutJoinBlock(body, type, joinLinkHosts),
};
