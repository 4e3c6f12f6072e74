/**
 * The flows the task pane runs, gathered so that the pane loads them with one import() after its
 * first paint: they bring the join-block parser, the recurrence conversions and the time-zone
 * table, none of which the first view needs. The pane finds and edits the join block itself
 * (local-join-block-ops.ts), so the flows that touch the body get that work here, with them.
 */
import { addMeeting as addMeetingWith } from '../flows/add-meeting';
import { findMeetingOnItem as findMeetingWith } from '../flows/find-meeting-on-item';
import type { FlowDeps } from '../flows/flow-deps';
import { localJoinBlockOps } from '../flows/local-join-block-ops';
import { removeMeeting as removeMeetingWith } from '../flows/remove-meeting';
import { updateMeetingFromItem as updateMeetingWith } from '../flows/update-meeting-from-item';

export { readAlternateHosts, saveAlternateHosts } from '../flows/alternate-hosts';
export { completeCalendarAuthorization, startCalendarAuthorization } from '../flows/authorize-calendar';
export { linkWebex } from '../flows/link-webex';
export { cacheSettings, saveSettings } from '../flows/settings-cache';

/** The flows' dependencies as the pane builds them before the flows arrive: all but the join block's work. */
export type PaneFlowDeps = Omit<FlowDeps, 'joinBlocks'>;

const local = (deps: PaneFlowDeps): FlowDeps => ({ ...deps, joinBlocks: localJoinBlockOps });

type After<F extends (deps: FlowDeps, ...rest: never[]) => unknown> = F extends (deps: FlowDeps, ...rest: infer R) => unknown ? R : never;

export const addMeeting = (deps: PaneFlowDeps, ...rest: After<typeof addMeetingWith>) => addMeetingWith(local(deps), ...rest);
export const findMeetingOnItem = (deps: PaneFlowDeps, ...rest: After<typeof findMeetingWith>) => findMeetingWith(local(deps), ...rest);
export const removeMeeting = (deps: PaneFlowDeps, ...rest: After<typeof removeMeetingWith>) => removeMeetingWith(local(deps), ...rest);
export const updateMeetingFromItem = (deps: PaneFlowDeps) => updateMeetingWith(local(deps));
