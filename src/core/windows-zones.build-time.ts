/**
 * Windows time zone names and the primary IANA zone of each: the first `findIana(name)` answers
 * (CLDR's order), for every Windows name windows-iana knows. The zones after it are aliases of
 * the primary (US/Pacific) or other territories' zones (America/Vancouver), never what Webex wants
 * for the name, so only the primary is kept. Evaluated at build time in the web build
 * (scripts/webpack/build-time-module-loader.js): the add-in's bundles, launchevent.js among them,
 * carry this table, not windows-iana's own (every territory and alias of every zone).
 */
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

export const WINDOWS_TO_IANA: Readonly<Record<string, string>> = Object.fromEntries(
  [...new Set(WINDOWS_TO_IANA_MAP.map((entry) => entry.windowsName))].flatMap((name) => {
    const primary = findIana(name)[0];
    return primary === undefined ? [] : [[name, primary]];
  }),
);
