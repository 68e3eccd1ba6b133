/** Metrics of the API server in Prometheus text format. */
export { createApiMetrics, REQUEST_DURATION_BUCKETS, type ApiMetrics, type RequestLabels } from './api-metrics.ts';
export { Counter, Gauge, Histogram, Registry, type Collector } from './registry.ts';
export { EXPOSITION_CONTENT_TYPE } from './exposition.ts';
