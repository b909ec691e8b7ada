import gatewayConfiguration from '../config/sms-gateway.json' with { type: 'json' };
import type { SmsTemplateId } from '../domain/sms-templates';

/**
 * The `gateway` SMS mode's provider account: the approved signature and template codes
 * (`functions/config/sms-gateway.json`).
 */
export interface SmsGatewayConfig {
  signName: string;
  templateCodes: Record<SmsTemplateId, string>;
  /** Waits between attempts while the provider throttles or is down; then the SMS falls back to e-mail. */
  retryDelaysSeconds: number[];
}

export const defaultGatewayConfig: SmsGatewayConfig = gatewayConfiguration;
