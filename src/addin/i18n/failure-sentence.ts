/**
 * The sentence a surface without UI of its own (function command, launch event) shows in the
 * item's info bar for a failure: what went wrong and, where the way forward is in the task pane
 * (sign in, connect Webex), where to go. A failure the info bar has no sentence for (one only the
 * task pane meets, info-bar-messages.build-time.ts) gets the generic one.
 */
import { describeFailure } from './describe-failure';
import { errorActionFor } from './error-action';
import { hasInfoBarText, infoBarText, type Locale } from './info-bar-text';

export function failureSentence(locale: Locale, thrown: unknown): string {
  const error = describeFailure(thrown, (code) => hasInfoBarText(`errors.${code}`));
  const sentence = infoBarText(locale, `errors.${error.key}`, error.values);
  const action = errorActionFor(error.code);
  return action === 'reconnect' || action === 'signIn' ? `${sentence} ${infoBarText(locale, 'notify.openPane')}` : sentence;
}
