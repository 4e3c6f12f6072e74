/**
 * POST /api/join-block/find, write and remove, over the transport ApiClient is built on (the user's token,
 * a 401 retried once, ApiError on failure). Only the launch event asks these (the task pane and the
 * function command edit the join block themselves), so they are not part of ApiClient: the pane's
 * bundle does not carry them.
 */
import type { JoinBlockOnBody } from '../../core/join-block';
import type { ApiTransport } from './api-client';
import type { JoinBlockBodyRequest, JoinBlockEditResponse, JoinBlockFindResponse, JoinBlockWriteRequest } from './api-types';

export interface JoinBlockApi {
  /** The join block in a body, found by the backend. */
  findJoinBlock(request: JoinBlockBodyRequest): Promise<JoinBlockOnBody | undefined>;
  /** The body with the block of these details written in by the backend; the same text when it already says so. */
  writeJoinBlock(request: JoinBlockWriteRequest): Promise<string>;
  /** The body without any join block, as the backend takes it out; the same text when it had none. */
  removeJoinBlock(request: JoinBlockBodyRequest): Promise<string>;
}

export function createJoinBlockApi({ json }: ApiTransport): JoinBlockApi {
  return {
    findJoinBlock: async (request) => (await json<JoinBlockFindResponse>('POST', '/join-block/find', request)).block ?? undefined,
    writeJoinBlock: async (request) => (await json<JoinBlockEditResponse>('POST', '/join-block/write', request)).body,
    removeJoinBlock: async (request) => (await json<JoinBlockEditResponse>('POST', '/join-block/remove', request)).body,
  };
}
