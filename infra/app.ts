import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IncidentReportingStack } from './stack';

// `npx cdk deploy` / `npm run synth`. Context: -c drillSpeed=N (drills only);
// -c oidcIssuer=https://… -c oidcAudience=… to trust an existing OIDC issuer instead of a new user pool.
const app = new App();
new IncidentReportingStack(app, 'IncidentReporting', {
  description: 'Deadline-and-escalation service for emergency-incident information reporting',
  drillSpeed: app.node.tryGetContext('drillSpeed'),
  oidc: { issuer: app.node.tryGetContext('oidcIssuer'), audience: app.node.tryGetContext('oidcAudience') },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
