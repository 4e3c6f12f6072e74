/**
 * office-loader.js: what development builds of the add-in's pages load in place of Microsoft's
 * office.js (the build swaps the script tag; see devhost-webpack.ts). The add-in's own code does
 * not know about it.
 *
 * Why a loader and not a second set of pages: testers sideload the same dev build into real
 * Outlook (https://localhost:3000/manifest.xml), so every page must keep working there. The
 * loader decides, synchronously and before any of the page's own scripts run:
 * - the window was opened by the Outlook dev host (its parent or opener is a same-origin window
 *   that publishes the dev host bridge, and the host recognizes this window): install the
 *   stand-in `Office` connected to the host;
 * - anything else (real Outlook, a browser tab): write Microsoft's office.js script tag with
 *   document.write, which keeps it parser-blocking as office.js requires, exactly as if the page
 *   had referenced it directly.
 * Production builds reference the CDN directly and contain no loader.
 *
 * A page on another origin (the backend's Webex-linking result page) cannot reach the host this
 * way; it tells its opener with postMessage and the host relays that as the dialog's message.
 */
import { DEVHOST_BRIDGE_VERSION, DEVHOST_GLOBAL, type DevHostBridge } from './devhost-bridge';
import { connectToHost } from './host-connection';
import { createStandInOffice } from './stand-in-office';

const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

function hostBridgeOf(candidate: Window | null): DevHostBridge | undefined {
  if (!candidate || candidate === window) return undefined;
  try {
    // Cross-origin windows (real Outlook) throw on any property read.
    const bridge = (candidate as unknown as Record<string, unknown>)[DEVHOST_GLOBAL] as DevHostBridge | undefined;
    return bridge && bridge.version === DEVHOST_BRIDGE_VERSION && typeof bridge.connect === 'function' ? bridge : undefined;
  } catch {
    return undefined;
  }
}

function writeOfficeJs(src: string): void {
  if (document.readyState === 'loading') {
    document.write(`<script src="${src.replace(/"/g, '&quot;')}"></script>`);
    return;
  }
  const script = document.createElement('script');
  script.src = src;
  document.head.appendChild(script);
}

function domReady(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

function load(): void {
  const officeJs = (document.currentScript as HTMLScriptElement | null)?.dataset.officeJs || OFFICE_JS_CDN;
  const bridge = hostBridgeOf(window.parent) ?? hostBridgeOf(window.opener as Window | null);
  const connection = bridge ? connectToHost(bridge, window) : undefined;
  if (!connection) {
    writeOfficeJs(officeJs);
    return;
  }
  const office = createStandInOffice(connection, domReady());
  (window as unknown as { Office: unknown }).Office = office;
  // Office.js defines OfficeRuntime too; its auth is the same single sign-on.
  (window as unknown as { OfficeRuntime: unknown }).OfficeRuntime = { auth: office.auth };
}

load();
