/**
 * Content-Security-Policy violations as the browser reports them to the pages: every document of a
 * browser context (any window, any frame) forwards its securitypolicyviolation events here, from
 * before its own scripts run.
 */
import type { BrowserContext } from 'playwright-core';

export interface CspViolation {
  /** The document whose policy was broken. */
  page: string;
  directive: string;
  blocked: string;
}

/** Starts collecting; the returned list fills as pages report violations. */
export async function collectCspViolations(context: BrowserContext): Promise<CspViolation[]> {
  const violations: CspViolation[] = [];
  await context.exposeBinding('reportCspViolation', (_source, violation: CspViolation) => void violations.push(violation));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation(v: CspViolation): void }).reportCspViolation;
      report({ page: e.documentURI, directive: e.effectiveDirective, blocked: e.blockedURI });
    });
  });
  return violations;
}

/** The violations of the documents served from `origin`. */
export function violationsOn(violations: CspViolation[], origin: string): CspViolation[] {
  return violations.filter((v) => v.page.startsWith(`${origin}/`));
}
