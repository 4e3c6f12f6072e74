/**
 * Event-based activation handlers (manifest: ExtensionPoint LaunchEvent).
 *
 * Classic Outlook on Windows loads this file alone in a JavaScript-only runtime: no page, no
 * imports at run time, no Office.onReady. The build therefore emits it as one self-contained
 * launchevent.js (webpack: no split chunks, no async chunks) and registration happens at load.
 *
 * For now each handler only completes; adding a meeting to new appointments (when the user has
 * turned that on) and pushing time and recurrence changes to the backend arrive with the add-in
 * issue.
 */
import { LAUNCH_EVENT_HANDLERS } from '../../core/manifest/addin-functions';
import { ActionHandler, associateActions } from '../office/office-actions';

const complete: ActionHandler = (event) => {
  event.completed();
};

export const onNewAppointmentOrganizer: ActionHandler = complete;
export const onAppointmentTimeChanged: ActionHandler = complete;
export const onAppointmentRecurrenceChanged: ActionHandler = complete;

associateActions({
  [LAUNCH_EVENT_HANDLERS.OnNewAppointmentOrganizer]: onNewAppointmentOrganizer,
  [LAUNCH_EVENT_HANDLERS.OnAppointmentTimeChanged]: onAppointmentTimeChanged,
  [LAUNCH_EVENT_HANDLERS.OnAppointmentRecurrenceChanged]: onAppointmentRecurrenceChanged,
});
