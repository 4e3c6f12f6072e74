/**
 * The function file (commands.html): the one-click "Add Webex meeting" command on the appointment
 * organizer ribbon and on the mobile online-meeting toggle.
 *
 * For now the command only completes, so that Outlook does not spin; creating the meeting and
 * writing the join details arrives with the add-in issue.
 */
import { ADD_MEETING_FUNCTION } from '../../core/manifest/addin-functions';
import { ActionHandler, associateActions } from '../office/office-actions';

export const addWebexMeeting: ActionHandler = (event) => {
  event.completed();
};

associateActions({ [ADD_MEETING_FUNCTION]: addWebexMeeting });
