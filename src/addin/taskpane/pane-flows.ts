/**
 * The flows the task pane runs, gathered so that the pane loads them with one import() after its
 * first paint: they bring the join-block parser, the recurrence conversions and the time-zone
 * table, none of which the first view needs.
 */
export { addMeeting } from '../flows/add-meeting';
export { readAlternateHosts, saveAlternateHosts } from '../flows/alternate-hosts';
export { completeCalendarAuthorization, startCalendarAuthorization } from '../flows/authorize-calendar';
export { findMeetingOnItem } from '../flows/find-meeting-on-item';
export { linkWebex } from '../flows/link-webex';
export { localJoinBlockOps } from '../flows/local-join-block-ops';
export { removeMeeting } from '../flows/remove-meeting';
export { cacheSettings, saveSettings } from '../flows/settings-cache';
export { updateMeetingFromItem } from '../flows/update-meeting-from-item';
