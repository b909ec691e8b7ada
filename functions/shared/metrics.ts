import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import { SERVICE_METRICS, type ServiceMetricName } from './metric-names';

/** One Powertools metrics buffer per function, flushed as EMF to the log at the end of each invocation. */
export const metrics = new Metrics({ namespace: SERVICE_METRICS.namespace, serviceName: SERVICE_METRICS.serviceName });

/** Counts one occurrence (or `value`) of a service metric in this invocation. */
export function countMetric(name: ServiceMetricName, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

// Powertools' own `logMetrics` warns on every invocation that counted nothing (most GETs): publish only what there is.
function publishIfAny(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** Middleware: flushes the invocation's metrics after the response, error or not. */
export function publishMetrics(): middy.MiddlewareObj {
  return { after: publishIfAny, onError: publishIfAny };
}

/**
 * A workflow task that flushes its metrics when it returns or throws.
 *
 * @example
 * ```ts
 * export const handler = withMetrics(makeHandler(deps));
 * ```
 */
export function withMetrics<Input, Output>(task: (input: Input) => Promise<Output>): (input: Input) => Promise<Output> {
  return async (input) => {
    try {
      return await task(input);
    } finally {
      publishIfAny();
    }
  };
}
