/**
 * What the add-in leaves in an appointment once it has added a Webex meeting, as Graph shows the
 * event: the join block in the body and the marker in the add-in's custom properties. For tests
 * that play Outlook against a backend that is not sync-stack.ts's.
 */
import { joinBlockStringsFor, joinDetailsFromWebexMeeting, renderJoinBlockHtml } from '../../../src/core/join-block';
import { buildMarker, customPropertiesWithMarker, extendedPropertyId } from '../../../src/core/marker';
import { ADDIN_ID, type MeetingDetails } from './sync-stack';

/** A Graph event body carrying the meeting (join block and marker) and `fields` (subject, start, end...). */
export function markedEventBody(
  meeting: MeetingDetails,
  fields: Record<string, unknown>,
  addinId: string = ADDIN_ID,
): Record<string, unknown> {
  const block = renderJoinBlockHtml(joinDetailsFromWebexMeeting(meeting), joinBlockStringsFor('en-US'));
  const marker = buildMarker({ meetingId: meeting.id, createdAt: new Date() });
  return {
    body: { contentType: 'html', content: `<html><body><p>Agenda: numbers.</p>${block}</body></html>` },
    singleValueExtendedProperties: [{ id: extendedPropertyId(addinId), value: customPropertiesWithMarker(undefined, marker) }],
    location: { displayName: 'Webex' },
    ...fields,
  };
}
