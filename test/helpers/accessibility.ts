/**
 * axe-core, the accessibility engine, on a page or a frame of a browser test: fails with a readable
 * list of the serious and critical violations (rule, impact, which elements, how to fix).
 *
 * axe's source runs in an isolated world of the frame (Chromium DevTools protocol,
 * Page.createIsolatedWorld): it sees the frame's DOM and styles, but not its scripts, and it is not
 * subject to the page's Content-Security-Policy — the product's policy
 * (src/core/addin-content-security-policy.ts) stays as served, and test/e2e/csp-violations.ts keeps
 * hearing every violation the product itself causes.
 *
 * Use: `await expectAccessible(frame, 'pane: add meeting')` once the state is shown. A rule that
 * truly does not apply to a state is passed in `notApplicable` with the reason in one line.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

/** axe's scale of how much a violation hinders someone. */
export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/** The impacts that fail a test unless told otherwise: what blocks or seriously hinders someone. */
export const FAILING_IMPACTS: readonly Impact[] = ['serious', 'critical'];

/** Every impact: for a state held to axe's best practices too (landmarks, heading levels). */
export const EVERY_IMPACT: readonly Impact[] = ['minor', 'moderate', 'serious', 'critical'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

export interface AxeCheckOptions {
  /** Rule id -> why it does not apply here (one line; shown with the result). */
  notApplicable?: Readonly<Record<string, string>>;
  /** A CSS selector to check instead of the whole document. */
  include?: string;
  /** The impacts that fail (default FAILING_IMPACTS). */
  failOn?: readonly Impact[];
}

/**
 * Elements axe is not run on, each with why. Fluent UI's focus manager (tabster) puts focusable
 * `<i aria-hidden="true" data-tabster-dummy>` around arrow-key groups such as a TabList: each only
 * passes focus on at once to the right element, and is hidden so that screen readers never announce
 * it — what aria-hidden-focus would flag is its purpose. The rule stays on for everything else.
 */
const NOT_CHECKED: readonly string[] = ['[data-tabster-dummy]'];

let axeSource: string | undefined;
const source = () => (axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

const isFrame = (target: Page | Frame): target is Frame => 'parentFrame' in target;

interface CdpFrameTree {
  frame: { id: string; url: string };
  childFrames?: CdpFrameTree[];
}

function framesOf(tree: CdpFrameTree): CdpFrameTree['frame'][] {
  return [tree.frame, ...(tree.childFrames ?? []).flatMap(framesOf)];
}

/** Finite animations (a view appearing, a notice fading in) end before axe reads colors; a spinner's do not end. */
async function settle(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () =>
      document.getAnimations().every((a) => {
        const end = a.effect?.getComputedTiming().endTime;
        return a.playState !== 'running' || end === undefined || end === Infinity;
      }),
    undefined,
    { timeout: 5000 },
  );
}

/** Runs axe on the frame's document (a page's main frame for a page) and gives every violation it finds. */
export async function axeViolations(target: Page | Frame, options: AxeCheckOptions = {}): Promise<AxeViolation[]> {
  const frame = isFrame(target) ? target : target.mainFrame();
  const page = frame.page();
  await frame.waitForLoadState('domcontentloaded');
  await settle(frame);
  const session = await page.context().newCDPSession(page);
  try {
    const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: CdpFrameTree };
    const url = frame.url();
    const matches = framesOf(frameTree).filter((f) => f.url === url);
    if (matches.length !== 1)
      throw new Error(`accessibility check: ${matches.length} frames have the URL ${url}; cannot tell which to check`);
    const { executionContextId } = (await session.send('Page.createIsolatedWorld', { frameId: matches[0]!.id, worldName: 'axe-core' })) as {
      executionContextId: number;
    };
    const injected = (await session.send('Runtime.evaluate', { expression: source(), contextId: executionContextId })) as {
      exceptionDetails?: { text: string };
    };
    if (injected.exceptionDetails) throw new Error(`axe-core did not load: ${injected.exceptionDetails.text}`);
    const rules = Object.fromEntries(Object.keys(options.notApplicable ?? {}).map((id) => [id, { enabled: false }]));
    const context = JSON.stringify({
      ...(options.include === undefined ? {} : { include: [[options.include]] }),
      exclude: NOT_CHECKED.map((selector) => [selector]),
    });
    const expression = `axe.run(${context}, ${JSON.stringify({ resultTypes: ['violations'], iframes: false, rules })}).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`;
    const ran = (await session.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      awaitPromise: true,
      returnByValue: true,
    })) as {
      result: { value?: AxeViolation[] };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (ran.exceptionDetails)
      throw new Error(`axe-core failed: ${ran.exceptionDetails.exception?.description ?? ran.exceptionDetails.text}`);
    return ran.result.value ?? [];
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The violations of the impacts that fail a test (by default serious and critical). */
export function failing(violations: readonly AxeViolation[], failOn: readonly Impact[] = FAILING_IMPACTS): AxeViolation[] {
  return violations.filter((v) => (failOn as readonly (string | null)[]).includes(v.impact));
}

/** One paragraph per violation: rule id and impact, what it asks, each element (axe's selector) with axe's summary. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map(
        (n) =>
          `    - ${n.target.map(String).join(' >> ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
      );
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Fails when axe finds a violation of a failing impact (serious or critical unless told) in the state shown; `state` names it in the message. */
export async function expectAccessible(target: Page | Frame, state: string, options: AxeCheckOptions = {}): Promise<void> {
  const failOn = options.failOn ?? FAILING_IMPACTS;
  const found = failing(await axeViolations(target, options), failOn);
  if (found.length > 0)
    throw new Error(`accessibility: ${found.length} violation(s) (${failOn.join(', ')}) in "${state}":\n${formatViolations(found)}`);
}
