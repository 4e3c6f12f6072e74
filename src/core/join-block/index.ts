/** The Webex join block in an event body: render, find, insert, replace, remove (HTML and plain text). */
export type {
  BodyContentType,
  DialInNumber,
  FindJoinBlockOptions,
  FoundJoinBlock,
  JoinBlockDetails,
  JoinBlockStrings,
} from './join-block-types';
export { JoinBlockError, type JoinBlockErrorCode } from './join-block-error';
export { JOIN_BLOCK_LOCALES, JOIN_BLOCK_STRINGS, joinBlockStringsFor, type JoinBlockLocale } from './strings';
export { renderJoinBlockHtml, renderJoinBlockText, formatMeetingNumber } from './render-join-block';
export { findJoinBlock, findJoinBlocks } from './find-join-block';
export { insertJoinBlock, replaceJoinBlock, removeJoinBlock } from './edit-join-block';
export { joinDetailsFromWebexMeeting, type WebexMeetingJoinInfo } from './join-details-from-webex';
export { isWebexJoinLink } from './join-link';
export { bodyWithJoinBlock, bodyWithoutJoinBlock, joinBlockOnBody, type JoinBlockOnBody } from './body-edits';
export { JOIN_BLOCK_ID, JOIN_BLOCK_BEGIN_ID, JOIN_BLOCK_END_ID, JOIN_LINK_ID, MEETING_ID_ATTRIBUTE } from './join-block-markers';
