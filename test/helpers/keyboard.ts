/**
 * Keyboard-only use of a page or a frame in browser tests: Tab (or Shift+Tab) until an element has
 * focus, as a person with the keyboard moves, and on the way hold each focused element to a visible
 * focus indicator — its region looks different focused than it did before the walk.
 */
import type { ElementHandle, Frame, Page } from 'playwright-core';

/** What has focus in the frame, as a line of the focus order ("(outside)" when the frame has none). */
async function focusedElement(frame: Frame): Promise<ElementHandle<Element> | null> {
  const handle = await frame.evaluateHandle(() =>
    document.hasFocus() && document.activeElement !== document.body ? document.activeElement : null,
  );
  return handle.asElement() as ElementHandle<Element> | null;
}

const describe = (e: Element) =>
  `${e.tagName.toLowerCase()}${e.getAttribute('role') ? `[role=${e.getAttribute('role')}]` : ''}${e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : ''} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 40)}"`;

/** The element's region with room for an outline drawn around it. */
async function regionOf(element: ElementHandle<Element>): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
  const box = await element.boundingBox();
  if (!box || box.width === 0 || box.height === 0) return undefined;
  const pad = 6;
  return { x: Math.max(0, box.x - pad), y: Math.max(0, box.y - pad), width: box.width + 2 * pad, height: box.height + 2 * pad };
}

/** What can take focus by Tab, roughly: each is pictured before the walk to compare with how it looks focused. */
const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

interface Unfocused {
  element: ElementHandle<Element>;
  shot: Buffer;
}

/** The element and the room around it where a focus ring would be, wherever it is scrolled to now. */
async function pictureOf(page: Page, element: ElementHandle<Element>): Promise<Buffer | undefined> {
  const clip = await regionOf(element);
  return clip && page.screenshot({ clip });
}

/**
 * Pictures of the frame's focusable elements as they look now, unfocused (what has focus now is
 * left out): taken before the walk, while focus is where the view put it (a heading, which draws no
 * ring), so that no neighbour's ring shows in them. Each is scrolled into view for its picture;
 * the frame's scroll position is put back afterwards.
 */
async function picturesUnfocused(page: Page, frame: Frame): Promise<Unfocused[]> {
  const scroll = await frame.evaluate(() => [window.scrollX, window.scrollY] as const);
  const pictures: Unfocused[] = [];
  for (const element of await frame.$$(FOCUSABLE)) {
    if (await element.evaluate((e) => e === document.activeElement)) continue;
    if (!(await element.isVisible())) continue;
    await element.scrollIntoViewIfNeeded();
    const shot = await pictureOf(page, element);
    if (shot) pictures.push({ element, shot });
  }
  await frame.evaluate(([x, y]) => window.scrollTo(x, y), scroll);
  return pictures;
}

async function expectIndicator(page: Page, pictures: readonly Unfocused[], focused: ElementHandle<Element>, label: string): Promise<void> {
  for (const picture of pictures) {
    if (!(await picture.element.evaluate((e, f) => e === f, focused))) continue;
    const shot = await pictureOf(page, focused);
    if (shot?.equals(picture.shot)) throw new Error(`no visible focus indicator: ${label} looks the same focused as before`);
    return;
  }
}

export interface TabOptions {
  /** Shift+Tab instead of Tab. */
  backwards?: boolean;
  /** Presses before giving up. */
  maxPresses?: number;
}

/**
 * Presses Tab until the element matching `selector` in `frame` has focus; returns the focus order
 * on the way. Fails, with that order, when it is not reached, and when an element that took focus
 * looked the same focused as before the walk (no visible focus indicator). The page must not
 * change otherwise during the walk.
 */
export async function tabTo(
  page: Page,
  frame: Frame,
  selector: string,
  { backwards = false, maxPresses = 30 }: TabOptions = {},
): Promise<string[]> {
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const pictures = await picturesUnfocused(page, frame);
  const order: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press(key);
    const element = await focusedElement(frame);
    if (!element) {
      order.push('(outside)');
      continue;
    }
    const label = await element.evaluate(describe);
    order.push(label);
    await expectIndicator(page, pictures, element, label);
    if (await element.evaluate((e, s) => e.matches(s), selector)) return order;
  }
  throw new Error(`${selector} was not reached in ${maxPresses} presses of ${key}; focus went:\n  ${order.join('\n  ')}`);
}

/** A line that says what has focus in the frame now (for assertions on where focus went after an action). */
export async function focusIn(frame: Frame): Promise<string> {
  const element = await focusedElement(frame);
  return element ? element.evaluate(describe) : '(outside)';
}
