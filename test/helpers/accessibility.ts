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

/** The impacts that fail a test: what blocks or seriously hinders someone (axe's own scale). */
export const FAILING_IMPACTS = ['serious', 'critical'] as const;

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
}

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
    if (matches.length !== 1) throw new Error(`accessibility check: ${matches.length} frames have the URL ${url}; cannot tell which to check`);
    const { executionContextId } = (await session.send('Page.createIsolatedWorld', { frameId: matches[0]!.id, worldName: 'axe-core' })) as { executionContextId: number };
    const injected = (await session.send('Runtime.evaluate', { expression: source(), contextId: executionContextId })) as { exceptionDetails?: { text: string } };
    if (injected.exceptionDetails) throw new Error(`axe-core did not load: ${injected.exceptionDetails.text}`);
    const rules = Object.fromEntries(Object.keys(options.notApplicable ?? {}).map((id) => [id, { enabled: false }]));
    const context = options.include === undefined ? 'document' : JSON.stringify({ include: [options.include] });
    const expression = `axe.run(${context}, ${JSON.stringify({ resultTypes: ['violations'], iframes: false, rules })}).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`;
    const ran = (await session.send('Runtime.evaluate', { expression, contextId: executionContextId, awaitPromise: true, returnByValue: true })) as {
      result: { value?: AxeViolation[] };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (ran.exceptionDetails) throw new Error(`axe-core failed: ${ran.exceptionDetails.exception?.description ?? ran.exceptionDetails.text}`);
    return ran.result.value ?? [];
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** The violations that fail a test (serious, critical). */
export function failing(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => (FAILING_IMPACTS as readonly (string | null)[]).includes(v.impact));
}

/** One paragraph per violation: rule id and impact, what it asks, each element (axe's selector) with axe's summary. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.map(String).join(' >> ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`);
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** Fails when axe finds a serious or critical violation in the state shown; `state` names it in the message. */
export async function expectAccessible(target: Page | Frame, state: string, options: AxeCheckOptions = {}): Promise<void> {
  const found = failing(await axeViolations(target, options));
  if (found.length > 0) throw new Error(`accessibility: ${found.length} serious or critical violation(s) in "${state}":\n${formatViolations(found)}`);
}
