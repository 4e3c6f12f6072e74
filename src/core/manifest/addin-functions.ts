/**
 * The names that tie manifest.xml to the add-in's code: Outlook calls the function registered
 * with Office.actions.associate under the name the manifest gives. A name that differs on either
 * side fails silently in Outlook (the button spins, the event times out), so both sides use these
 * constants and a test reads them back from the manifest.
 */

/** The "Add Webex meeting" function command (desktop ribbon and the mobile online-meeting toggle). */
export const ADD_MEETING_FUNCTION = 'addWebexMeeting';

/** Event-based activation: the LaunchEvent types the add-in handles and their handler names. */
export const LAUNCH_EVENT_HANDLERS = {
  OnNewAppointmentOrganizer: 'onNewAppointmentOrganizer',
  OnAppointmentTimeChanged: 'onAppointmentTimeChanged',
  OnAppointmentRecurrenceChanged: 'onAppointmentRecurrenceChanged',
} as const;

export type LaunchEventType = keyof typeof LAUNCH_EVENT_HANDLERS;
export type LaunchEventHandlerName = (typeof LAUNCH_EVENT_HANDLERS)[LaunchEventType];
