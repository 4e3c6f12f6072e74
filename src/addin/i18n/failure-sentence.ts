/**
 * The sentence a surface without UI of its own (function command, launch event) shows in the
 * item's info bar for a failure: what went wrong and, where the way forward is in the task pane
 * (sign in, connect Webex), where to go.
 */
import { errorActionFor } from './error-action';
import { describeError } from './error-message-key';
import { infoBarText, type Locale } from './info-bar-text';

export function failureSentence(locale: Locale, thrown: unknown): string {
  const error = describeError(thrown);
  const sentence = infoBarText(locale, `errors.${error.key}`, error.values);
  const action = errorActionFor(error.code);
  return action === 'reconnect' || action === 'signIn' ? `${sentence} ${infoBarText(locale, 'notify.openPane')}` : sentence;
}
