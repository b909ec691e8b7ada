import { IncidentStore } from './incident-store';
import { StepFunctionsIncidentWorkflow } from './incident-workflow';
import { SnsEscalationNotifier } from './escalation-notifier';
import { documentClient, snsClient, stepFunctionsClient } from './aws-clients';
import { requireEnvironment } from './environment';

// The production dependencies of the handlers, each read from the environment once, at cold start.

/** The incident table named by TABLE_NAME. */
export function incidentStoreFromEnvironment(): IncidentStore {
  return new IncidentStore(documentClient, requireEnvironment('TABLE_NAME'));
}

/** The state machine named by STATE_MACHINE_ARN. */
export function incidentWorkflowFromEnvironment(): StepFunctionsIncidentWorkflow {
  return new StepFunctionsIncidentWorkflow(stepFunctionsClient, requireEnvironment('STATE_MACHINE_ARN'));
}

/** SMS straight through SNS, e-mail through the topic named by EMAIL_TOPIC_ARN. */
export function escalationNotifierFromEnvironment(): SnsEscalationNotifier {
  return new SnsEscalationNotifier(snsClient, requireEnvironment('EMAIL_TOPIC_ARN'));
}
