/**
 * Manifest rendering and offline checks, shared by the build, the backend's admin pages and the
 * tests: pure (no I/O), but for the unified manifest, which Microsoft's converter makes through
 * temporary files.
 */
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
export {
  APP_PACKAGE_ICONS,
  LAUNCH_EVENT_MIN_VERSIONS,
  UnifiedManifestError,
  convertWithMicrosoftConverter,
  correctConversion,
  unifiedManifestFromXml,
} from './unified-manifest';
export type { UnifiedManifestErrorCode, UnifiedManifestPackage } from './unified-manifest';
