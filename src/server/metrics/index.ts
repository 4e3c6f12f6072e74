/** Metrics for GET /metrics: import from here, not from the files behind it. */
export { createBackendMetrics, type BackendMetrics, type BackendMetricsOptions } from './backend-metrics';
export { cachedCollector, type Collector } from './cached-collector';
export { countingFetch, outboundErrorCode, outboundFaultCode, type OutboundService, type OutboundCounters } from './counting-fetch';
