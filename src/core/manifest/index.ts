/** Manifest rendering and offline checks (pure: no I/O), shared by the build, the backend's admin pages and the tests. */
export { ADD_MEETING_FUNCTION, LAUNCH_EVENT_HANDLERS } from './addin-functions';
export type { LaunchEventHandlerName, LaunchEventType } from './addin-functions';
export { MANIFEST_LIMITS, REQUIRED_LOCALES, checkManifest } from './check-manifest';
export type { CheckManifestOptions, ManifestProblem, ManifestProblemCode } from './check-manifest';
export { DEV_ADDIN_BASE_URL, ManifestRenderError, normaliseBaseUrl, renderManifest } from './render-manifest';
export type { ManifestRenderErrorCode, RenderManifestOptions } from './render-manifest';
export { XmlParseError, parseXml } from './parse-xml';
export type { XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlText } from './parse-xml';
export { readPngInfo } from './png-info';
export type { PngInfo } from './png-info';
export { UNIFIED_MANIFEST_VERSION, LAUNCH_EVENT_NAMES, UnifiedManifestError, unifiedManifestFromXml } from './unified-manifest';
export type { UnifiedManifestErrorCode, UnifiedManifestOptions, UnifiedManifestPackage } from './unified-manifest';
