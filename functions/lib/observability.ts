/**
 * Powertools logger and metrics, one of each per process. Service name, namespace and log level come from the
 * POWERTOOLS_* environment the stack (or the local platform) sets. No Powertools tracer: Lambda's active
 * tracing records every invocation's segment without an SDK in the bundle, and the logger stamps each line
 * with its `xray_trace_id` (docs/adr/0008-lean-bundles.md).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/manifest.ts';

export const logger = new Logger({ serviceName: METRICS_SERVICE });

// Read-only routes publish no metric by design; Powertools would warn about that on every call.
const metricsLog = {
  debug: (message: string) => logger.debug(message),
  info: (message: string) => logger.info(message),
  warn: (message: string) => {
    if (!message.startsWith('No application metrics')) logger.warn(message);
  },
  error: (message: string) => logger.error(message),
};

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: METRICS_SERVICE,
  logger: metricsLog,
});
