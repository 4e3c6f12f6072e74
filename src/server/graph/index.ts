/** The Microsoft Graph client and its token providers: import from here, not from the files behind it. */
export { GraphClient, IMMUTABLE_ID_PREFERENCE, type GraphClientOptions, type GraphCall, type GraphMethod } from './graph-client';
export { createAppOnlyTokenProvider, type AppOnlyTokenProvider, type TenantTokenProvider } from './app-only-token-provider';
export { createOnBehalfOfTokenProvider, type OnBehalfOfTokenProvider } from './on-behalf-of-token-provider';
export { ConfidentialClientPool, certificateThumbprintSha256, type ConfidentialClientPoolOptions } from './confidential-client-pool';
export { GraphError, graphErrorCode, type GraphErrorCode } from './graph-error';
export { GraphTokenError, graphTokenErrorFromMsal, type GraphTokenErrorCode } from './graph-token-error';
export { graphResourceOf, graphDefaultScope } from './graph-resource';
export type { GraphUser, GraphOrganization, GraphVerifiedDomain, GraphCollection } from './graph-types';
