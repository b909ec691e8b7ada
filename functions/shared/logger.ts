import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger for every function (Powertools); level from POWERTOOLS_LOG_LEVEL. */
export const logger = new Logger({ serviceName: 'incident-reporting' });
