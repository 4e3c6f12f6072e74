/**
 * The child order the Office add-in manifest schemas (appforoffice 1.1, mailappversionoverrides 1.0
 * and 1.1, officeappbasictypes 1.0) require of the elements a mail add-in uses. The schemas are
 * xs:sequence content models: a child may repeat in its place but not come back after a later
 * sibling, and Office refuses a manifest whose elements are out of order.
 *
 * Sources: the element reference under learn.microsoft.com/javascript/api/manifest (OfficeApp,
 * VersionOverrides 1.0 and 1.1 for mail, Host, DesktopFormFactor, MobileFormFactor, ExtensionPoint,
 * Control, Resources, WebApplicationInfo) and Microsoft's own sample manifests for the order.
 */
import { XmlElement, attr } from './parse-xml';

export interface ContentModel {
  /** Allowed children by local name, in schema order. */
  sequence: readonly string[];
  /** Children that must be present. */
  required?: readonly string[];
}

const localType = (element: XmlElement): string | undefined => attr(element, 'xsi:type')?.replace(/^.*:/, '');

const COMMAND_SURFACE: ContentModel = { sequence: ['OfficeTab', 'CustomTab'] };

/** The content model for an element, by where it sits; undefined when the element is not modelled. */
export function contentModelOf(element: XmlElement): ContentModel | undefined {
  const parent = element.parent?.localName;
  const type = localType(element);
  switch (element.localName) {
    case 'OfficeApp':
      return {
        sequence: [
          'Id',
          'AlternateId',
          'Version',
          'ProviderName',
          'DefaultLocale',
          'DisplayName',
          'Description',
          'IconUrl',
          'HighResolutionIconUrl',
          'SupportUrl',
          'AppDomains',
          'Hosts',
          'Requirements',
          'FormSettings',
          'Permissions',
          'Rule',
          'DisableEntityHighlighting',
          'VersionOverrides',
        ],
        required: ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'FormSettings', 'Permissions', 'Rule'],
      };
    case 'VersionOverrides':
      return type === 'VersionOverridesV1_1'
        ? {
            sequence: [
              'Description',
              'Requirements',
              'Hosts',
              'Resources',
              'EquivalentAddins',
              'VersionOverrides',
              'WebApplicationInfo',
              'ExtendedPermissions',
            ],
            required: ['Hosts', 'Resources'],
          }
        : {
            sequence: ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides', 'WebApplicationInfo'],
            required: ['Hosts', 'Resources'],
          };
    case 'DisplayName':
    case 'IconUrl':
    case 'HighResolutionIconUrl':
    case 'SupportUrl':
      return parent === 'OfficeApp' ? { sequence: ['Override'] } : undefined;
    case 'Description':
      return parent === 'OfficeApp' ? { sequence: ['Override'] } : { sequence: [] };
    case 'AppDomains':
      return { sequence: ['AppDomain'] };
    case 'Hosts':
      return { sequence: ['Host'], required: ['Host'] };
    case 'Host':
      return type === 'MailHost'
        ? { sequence: ['Runtimes', 'DesktopFormFactor', 'MobileFormFactor'], required: ['DesktopFormFactor'] }
        : { sequence: [] };
    case 'Requirements':
      return { sequence: ['Sets'], required: ['Sets'] };
    case 'Sets':
      return { sequence: ['Set'], required: ['Set'] };
    case 'FormSettings':
      return { sequence: ['Form'], required: ['Form'] };
    case 'Form':
      return { sequence: ['DesktopSettings', 'TabletSettings', 'PhoneSettings'], required: ['DesktopSettings'] };
    case 'DesktopSettings':
    case 'TabletSettings':
    case 'PhoneSettings':
      return { sequence: ['SourceLocation', 'RequestedHeight'], required: ['SourceLocation'] };
    case 'Runtimes':
      return { sequence: ['Runtime'], required: ['Runtime'] };
    case 'Runtime':
      return { sequence: ['Override'] };
    case 'DesktopFormFactor':
      return { sequence: ['FunctionFile', 'ExtensionPoint', 'SupportsSharedFolders'], required: ['ExtensionPoint'] };
    case 'MobileFormFactor':
      return { sequence: ['FunctionFile', 'ExtensionPoint'], required: ['ExtensionPoint'] };
    case 'ExtensionPoint':
      switch (type) {
        case 'LaunchEvent':
          return { sequence: ['LaunchEvents', 'SourceLocation'], required: ['LaunchEvents', 'SourceLocation'] };
        case 'MobileOnlineMeetingCommandSurface':
        case 'MobileLogEventAppointmentAttendee':
          return { sequence: ['Control'], required: ['Control'] };
        case 'MobileMessageReadCommandSurface':
          return { sequence: ['Group'], required: ['Group'] };
        default:
          return COMMAND_SURFACE;
      }
    case 'LaunchEvents':
      return { sequence: ['LaunchEvent'], required: ['LaunchEvent'] };
    case 'OfficeTab':
      return { sequence: ['Group'], required: ['Group'] };
    case 'CustomTab':
      return { sequence: ['Group', 'Label'], required: ['Group', 'Label'] };
    case 'Group':
      return { sequence: ['Label', 'Control'], required: ['Label', 'Control'] };
    case 'Control':
      if (type === 'MobileButton') return { sequence: ['Label', 'Icon', 'Action'], required: ['Label', 'Icon', 'Action'] };
      if (type === 'Menu') return { sequence: ['Label', 'Supertip', 'Icon', 'Items'], required: ['Label', 'Supertip', 'Icon', 'Items'] };
      return { sequence: ['Label', 'Supertip', 'Icon', 'Action'], required: ['Label', 'Supertip', 'Icon', 'Action'] };
    case 'Supertip':
      return { sequence: ['Title', 'Description'], required: ['Title', 'Description'] };
    case 'Icon':
      return { sequence: ['Image'], required: ['Image'] };
    case 'Action':
      if (type === 'ExecuteFunction') return { sequence: ['FunctionName'], required: ['FunctionName'] };
      if (type === 'ShowTaskpane')
        return { sequence: ['TaskpaneId', 'SourceLocation', 'Title', 'SupportsPinning'], required: ['SourceLocation'] };
      return undefined;
    case 'Resources':
      return { sequence: ['Images', 'Urls', 'ShortStrings', 'LongStrings'] };
    case 'Images':
      return { sequence: ['Image'] };
    case 'Urls':
      return { sequence: ['Url'] };
    case 'ShortStrings':
    case 'LongStrings':
      return { sequence: ['String'] };
    case 'Image':
    case 'Url':
    case 'String':
      return parent === 'Icon' ? { sequence: [] } : { sequence: ['Override'] };
    case 'WebApplicationInfo':
      return { sequence: ['Id', 'MsaId', 'Resource', 'Scopes', 'Authorizations'], required: ['Id', 'Resource', 'Scopes'] };
    case 'Scopes':
      return { sequence: ['Scope'], required: ['Scope'] };
    default:
      return undefined;
  }
}
