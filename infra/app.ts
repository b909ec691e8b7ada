import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IncidentReportingStack } from './stack';

// `npx cdk deploy` / `npm run synth`. Context: -c drillSpeed=N (drills only);
// -c oidcIssuer=https://… -c oidcAudience=… -c oidcAuthorizeUrl=… -c oidcTokenUrl=… to trust an existing OIDC issuer
// instead of a new user pool; the duty console then signs in at its authorize and token endpoints.
const app = new App();
new IncidentReportingStack(app, 'IncidentReporting', {
  description: 'Deadline-and-escalation service for emergency-incident information reporting',
  drillSpeed: app.node.tryGetContext('drillSpeed'),
  oidc: {
    issuer: app.node.tryGetContext('oidcIssuer'), audience: app.node.tryGetContext('oidcAudience'),
    authorizeUrl: app.node.tryGetContext('oidcAuthorizeUrl'), tokenUrl: app.node.tryGetContext('oidcTokenUrl'),
  },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
