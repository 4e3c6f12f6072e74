/**
 * The Microsoft Graph v1.0 resources the product reads through GraphClient's typed surface
 * (https://learn.microsoft.com/graph/api/resources/user, .../organization). Only the properties
 * used are typed; Graph returns what `$select` asks for.
 */

export interface GraphUser {
  id: string;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  userPrincipalName?: string;
  preferredLanguage?: string | null;
  jobTitle?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  accountEnabled?: boolean;
}

export interface GraphVerifiedDomain {
  name: string;
  isDefault?: boolean;
  isInitial?: boolean;
  type?: string;
  capabilities?: string;
}

export interface GraphOrganization {
  id: string;
  displayName?: string | null;
  verifiedDomains?: GraphVerifiedDomain[];
  tenantType?: string;
}

/** A page of a Graph collection. */
export interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}
