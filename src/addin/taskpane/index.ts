/**
 * The task pane's entry point. A placeholder until the task pane issue brings the React app: it
 * says whether the page runs inside Outlook, which is what someone opening it by hand wants to know.
 */
import { isInsideOffice } from '../office/office-actions';

const status = document.getElementById('status');
if (status) {
  status.textContent = isInsideOffice()
    ? 'Open an appointment and choose "Add Webex meeting" on the ribbon.'
    : 'This page is the Outlook task pane; it is opened from Outlook.';
}
