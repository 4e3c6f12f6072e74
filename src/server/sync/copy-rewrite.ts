/**
 * What a copied event gets written back through Graph once it has a meeting of its own: its join
 * block replaced by the new meeting's (in the language the block was written in), and our marker
 * in its custom properties naming the new meeting. Pure; the PATCH is sync-event.ts's.
 *
 * The body is written only when it held a block: every body write risks Outlook re-wrapping it
 * (office-js issue 6778), and an event with only the marker needs only the marker.
 */
import {
  findJoinBlock,
  joinBlockStringsFor,
  joinDetailsFromWebexMeeting,
  renderJoinBlockHtml,
  renderJoinBlockText,
  replaceJoinBlock,
} from '../../core/join-block';
import { buildMarker, customPropertiesWithMarker, extendedPropertyId } from '../../core/marker';
import type { WebexMeeting } from '../webex';
import type { ObservedEvent } from './event-observation';

export interface CopyRewriteOptions {
  addinId: string;
  now: Date;
  joinLinkHosts?: readonly string[];
}

/** The Graph PATCH body for the event: its new join block (if it had one) and its new marker. */
export interface EventRewrite {
  body?: { contentType: 'html' | 'text'; content: string };
  singleValueExtendedProperties: { id: string; value: string }[];
}

/** The BCP 47 tag the block was written in (its lang attribute), if it says. */
export function blockLocaleOf(body: string, start: number, end: number): string | undefined {
  return /\blang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)/.exec(body.slice(start, end))?.[1];
}

export function copyRewrite(raw: ObservedEvent['raw'], meeting: WebexMeeting, options: CopyRewriteOptions): EventRewrite {
  const marker = buildMarker({ meetingId: meeting.id, createdAt: options.now });
  const rewrite: EventRewrite = {
    singleValueExtendedProperties: [
      { id: extendedPropertyId(options.addinId), value: customPropertiesWithMarker(raw.customProperties, marker) },
    ],
  };
  const { contentType, content } = raw.body;
  const found = content === '' ? undefined : findJoinBlock(content, contentType, { joinLinkHosts: options.joinLinkHosts });
  if (!found) return rewrite;
  const details = joinDetailsFromWebexMeeting(meeting);
  if (meeting.excludePassword === true) {
    // The organizer chose to keep the password out of the invitation.
    delete details.password;
    delete details.numericPassword;
  }
  const strings = joinBlockStringsFor(blockLocaleOf(content, found.start, found.end));
  const block =
    contentType === 'html'
      ? renderJoinBlockHtml(details, strings)
      : renderJoinBlockText(details, strings, content.includes('\r\n') ? '\r\n' : '\n');
  const replaced = replaceJoinBlock(content, block, contentType, { joinLinkHosts: options.joinLinkHosts });
  if (replaced !== content) rewrite.body = { contentType, content: replaced };
  return rewrite;
}
