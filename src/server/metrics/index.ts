/** Metrics for GET /metrics: import from here, not from the files behind it. */
export { createBackendMetrics, type BackendMetrics, type BackendMetricsOptions } from './backend-metrics';
export { cachedCollector } from './cached-collector';
export { countingFetch, outboundErrorCode, outboundFaultCode, type OutboundService, type OutboundCounters } from './counting-fetch';
export { createMetricsRegistry, MetricsError, type Counter, type Gauge, type Collector, type MetricsRegistry, type MetricsRegistryOptions } from './metrics-registry';
export { installHttpMetrics, metricsRoutes, type MetricsRoutesOptions } from './metrics-routes';
export * from './prometheus-text';
