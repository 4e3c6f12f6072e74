/**
 * The messages the surfaces without UI of their own (the launch events and the function command)
 * show in the item's info bar: `errors` and `notify` of every locale, nothing else. Evaluated at
 * build time in the web build (scripts/webpack/build-time-module-loader.js), so that launchevent.js,
 * which classic Outlook on Windows loads alone for every appointment, carries these strings and not
 * the task pane's (docs/architecture.md, "Bench figures").
 */
import type { Locale } from './locale';
import { MESSAGES, type Messages } from './messages';

export type InfoBarMessages = Pick<Messages, 'errors' | 'notify'>;

export const INFO_BAR_MESSAGES: Readonly<Record<Locale, InfoBarMessages>> = Object.fromEntries(
  Object.entries(MESSAGES).map(([locale, messages]) => [locale, { errors: messages.errors, notify: messages.notify }]),
) as Record<Locale, InfoBarMessages>;
