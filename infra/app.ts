import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IncidentReportingStack } from './stack';

// `npx cdk deploy` / `npm run synth`. Context: -c drillSpeed=N (drills only);
// -c oidcIssuer=https://… -c oidcAudience=… -c oidcAuthorizeUrl=… -c oidcTokenUrl=… to trust an existing OIDC issuer
// instead of a new user pool; the duty console then signs in at its authorize and token endpoints.
const app = new App();
/** A context value as the command line gives it: a string, or nothing. */
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
};
// -c target=aws-cn: the China regions (docs/deploy-china.md); the default is the global regions.
const target = context('target') ?? 'aws';
if (target !== 'aws' && target !== 'aws-cn') throw new Error(`-c target must be "aws" or "aws-cn", got "${target}"`);
new IncidentReportingStack(app, 'IncidentReporting', {
  description: 'Deadline-and-escalation service for emergency-incident information reporting',
  drillSpeed: context('drillSpeed'),
  target,
  // -c smsDelivery=gateway tries the domestic SMS gateway in the global regions too (aws-cn always uses it).
  smsDelivery: context('smsDelivery') as 'sns' | 'gateway' | undefined,
  // -c auditRetentionDays=N: how long audit chain anchors are locked (compliance mode: nobody can shorten it). Keep a
  // drill stack's short.
  auditRetentionDays: auditRetentionDays(context('auditRetentionDays')),
  oidc: {
    issuer: context('oidcIssuer'),
    audience: context('oidcAudience'),
    authorizeUrl: context('oidcAuthorizeUrl'),
    tokenUrl: context('oidcTokenUrl'),
  },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

function auditRetentionDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new Error(`-c auditRetentionDays must be a whole number of days from 1 to 36500, got "${value}"`);
  return days;
}
