/**
 * Powertools logger, metrics and tracer, one of each per process. Service name, namespace and log level
 * come from the POWERTOOLS_* environment the stack (or the local platform) sets.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({ serviceName: 'gongshi' });
export const metrics = new Metrics({ namespace: 'Gongshi', serviceName: 'gongshi' });
export const tracer = new Tracer({ serviceName: 'gongshi' });
