import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IncidentReportingStack } from './stack';

// `npx cdk deploy` / `npm run synth`. Context: -c drillSpeed=N (drills only).
const app = new App();
new IncidentReportingStack(app, 'IncidentReporting', {
  description: 'Deadline-and-escalation service for emergency-incident information reporting',
  drillSpeed: app.node.tryGetContext('drillSpeed'),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
