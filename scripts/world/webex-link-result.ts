/**
 * What the Webex linking result page (src/server/http/link-result-page.ts) says: the status and
 * code it shows, and the message it hands to the add-in (with the one-time completion code after a
 * consent), read from its HTML as a browser would run it.
 */
export interface LinkResultPage {
  status?: string;
  code?: string;
  /** The dialog message's completion code, when Webex consented. */
  completion?: string;
  /** The origin the dialog message is addressed to. */
  targetOrigin?: string;
}

export function linkResultOf(html: string): LinkResultPage {
  const shown = /data-testid="webex-link-result" data-status="([^"]*)" data-code="([^"]*)"/.exec(html);
  const data = /var data = (\{.*\});/.exec(html)?.[1];
  const parsed = data ? (JSON.parse(data) as { message: string; origin: string }) : undefined;
  const message = parsed ? (JSON.parse(parsed.message) as { completion?: string }) : undefined;
  return {
    status: shown?.[1],
    code: shown?.[2] || undefined,
    ...(message?.completion ? { completion: message.completion } : {}),
    ...(parsed ? { targetOrigin: parsed.origin } : {}),
  };
}
