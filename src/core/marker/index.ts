/** The meeting marker in the add-in's custom properties and its Graph extended property. */
export {
  buildMarker,
  parseMarker,
  MARKER_PROPERTY_NAME,
  MARKER_VERSION,
  CUSTOM_PROPERTIES_MAX_LENGTH,
  PS_PUBLIC_STRINGS,
  type MeetingMarker,
  type BuildMarkerInput,
} from './meeting-marker';
export {
  normalizeAddinId,
  extendedPropertyId,
  extendedPropertyExpand,
  parseCustomProperties,
  markerFromCustomProperties,
  customPropertiesValue,
  markerFromExtendedProperties,
  customPropertiesWithMarker,
  customPropertiesWithoutMarker,
} from './custom-properties-property';
export { MarkerError, type MarkerErrorCode } from './marker-error';
