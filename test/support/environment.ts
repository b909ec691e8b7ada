// Module-level handlers read their environment when loaded; tests build their own handlers
// with makeHandler(deps), but importing a module still builds its default one. Point every
// AWS client at a closed local port, so nothing a test forgets to replace can leave 127.0.0.1.
Object.assign(process.env, {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  TABLE_NAME: 'incidents-test',
  INCIDENT_STATE_MACHINE_ARN: 'arn:test:states:us-east-1:test:stateMachine:incident',
  OBLIGATION_STATE_MACHINE_ARN: 'arn:test:states:us-east-1:test:stateMachine:obligation',
  ACK_SIGNING_KEY_SECRET_ARN: 'arn:test:secretsmanager:us-east-1:test:secret:ack-signing-key',
  OPERATORS_TOPIC_ARN: 'arn:test:sns:us-east-1:test:incident-reporting-operators',
  EMAIL_TOPIC_ARN: 'arn:test:sns:us-east-1:test:incident-escalation-email',
  PUBLIC_API_URL: 'http://127.0.0.1:9',
  CONSOLE_URL: 'http://127.0.0.1:9/console/',
  SMS_GATEWAY_TOPIC_ARN: 'arn:test:sns:us-east-1:test:incident-sms-gateway',
  SMS_PROVIDER_SECRET_ARN: 'arn:test:secretsmanager:us-east-1:test:secret:sms-provider',
  AUDIT_ANCHOR_BUCKET: 'incident-audit-anchors-test',
  ATTACHMENT_BUCKET: 'incident-attachments-test',
  // Tests that check metrics spy on them; nothing else should print EMF.
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: process.env.DEBUG_LOG_LEVEL ?? 'SILENT',
});
