/**
 * Windows time zone names and the IANA zones each stands for, in windows-iana's order (CLDR's, the
 * primary zone first): what `findIana(name)` answers, for every Windows name it knows. Evaluated at
 * build time in the web build (scripts/webpack/build-time-module-loader.js): the add-in's bundles
 * carry this table, not windows-iana's own (all territories and aliases, four times the size).
 */
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

export const WINDOWS_TO_IANA: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...new Set(WINDOWS_TO_IANA_MAP.map((entry) => entry.windowsName))].map((name) => [name, findIana(name)]),
);
