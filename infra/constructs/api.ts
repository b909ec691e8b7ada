import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { grantReadWriteKeepingEventsAppendOnly } from './store';
import { API_ROUTES } from '../../functions/api/routes';
import { ServiceFunction } from './lambda-function';
import type { NotificationsConstruct } from './notifications';
import type { AuditAnchorsConstruct } from './audit-anchors';
import type { AttachmentsConstruct } from './attachments';

export interface ApiRoutesProps {
  table: Table;
  stateMachines: { incident: StateMachine; obligation: StateMachine };
  drillSpeed: string;
  signingKey: ISecret;
  /** The JWT authorizer every route but the public ones goes through. */
  authorizer: IHttpRouteAuthorizer;
  notifications: NotificationsConstruct;
  /** R-AUDIT: the anchors the audit route verifies against. */
  auditAnchors: AuditAnchorsConstruct;
  /** R-INTAKE: the photos and videos from the scene. */
  attachments: AttachmentsConstruct;
  /** Issue 14 item 6: the console, which the acknowledgement page links. */
  consoleUrl: string;
}

/**
 * The HTTP API (API Gateway v2): one Lambda function per route of `functions/api/routes.ts`,
 * each granted only what its route needs; access logs to CloudWatch Logs; throttled.
 */
export class ApiConstruct extends Construct {
  public readonly httpApi: HttpApi;
  public readonly routeFunctions: Record<string, ServiceFunction> = {};

  /** `consoleOrigin`: the duty console's origin, the only one whose browser may call the API (CORS). */
  public constructor(scope: Construct, id: string, props: { consoleOrigin: string }) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Emergency-incident information reporting (盘县政办发〔2015〕97号)',
      corsPreflight: {
        allowOrigins: [props.consoleOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        // accept-language: the console asks for problem+json in its own language (issue 14), not the browser's.
        allowHeaders: ['authorization', 'content-type', 'accept', 'accept-language', 'idempotency-key'],
        exposeHeaders: ['content-disposition', 'location'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
  }

  /** The API's base URL. */
  public get url(): string {
    return this.httpApi.apiEndpoint;
  }

  /** Adds every route, with its function, once the table and the state machine exist. */
  public addRoutes(props: ApiRoutesProps): void {
    for (const route of API_ROUTES) {
      const [method, path] = route.routeKey.split(' ');
      const routeFunction = new ServiceFunction(
        this,
        `${route.handlerFile.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Function`,
        {
          handlerFile: `api/${route.handlerFile}`,
          description: `API ${route.routeKey}`,
          environment: {
            ...(route.tableAccess !== 'none' ? { TABLE_NAME: props.table.tableName } : {}),
            ...(route.startsExecutions || route.stopsExecutions
              ? {
                  INCIDENT_STATE_MACHINE_ARN: props.stateMachines.incident.stateMachineArn,
                  OBLIGATION_STATE_MACHINE_ARN: props.stateMachines.obligation.stateMachineArn,
                  DRILL_SPEED: props.drillSpeed,
                }
              : {}),
            ...(route.handlerFile.includes('spot-check') ? { DRILL_SPEED: props.drillSpeed } : {}),
            ...(route.signsLinks
              ? { ACK_SIGNING_KEY_SECRET_ARN: props.signingKey.secretArn, CONSOLE_URL: props.consoleUrl }
              : {}),
            ...(route.sendsMessages ? props.notifications.sendingEnvironment() : {}),
            ...(route.managesEmailSubscriptions ? { EMAIL_TOPIC_ARN: props.notifications.emailTopic.topicArn } : {}),
            ...(route.readsAuditAnchors ? { AUDIT_ANCHOR_BUCKET: props.auditAnchors.bucket.bucketName } : {}),
            ...(route.attachmentAccess ? { ATTACHMENT_BUCKET: props.attachments.bucket.bucketName } : {}),
          },
        },
      );
      if (route.tableAccess === 'read') props.table.grantReadData(routeFunction);
      if (route.tableAccess === 'read-write') grantReadWriteKeepingEventsAppendOnly(props.table, routeFunction);
      if (route.startsExecutions) {
        props.stateMachines.incident.grantStartExecution(routeFunction);
        props.stateMachines.obligation.grantStartExecution(routeFunction);
      }
      // R-LIFECYCLE: the final report stops its incident's execution; a filed document stops its obligation's watch.
      // Nothing else.
      if (route.stopsExecutions) {
        props.stateMachines.incident.grantExecution(routeFunction, 'states:StopExecution');
        props.stateMachines.obligation.grantExecution(routeFunction, 'states:StopExecution');
      }
      if (route.signsLinks) props.signingKey.grantRead(routeFunction);
      if (route.sendsMessages) props.notifications.grantSend(routeFunction);
      if (route.managesEmailSubscriptions) props.notifications.grantManageEmailSubscriptions(routeFunction);
      if (route.readsAuditAnchors) props.auditAnchors.grantList(routeFunction);
      if (route.attachmentAccess) props.attachments.grant(routeFunction, route.attachmentAccess);
      this.httpApi.addRoutes({
        path,
        methods: [method as HttpMethod],
        integration: new HttpLambdaIntegration(`${route.handlerFile}Integration`, routeFunction),
        ...(route.access === 'public' ? {} : { authorizer: props.authorizer }),
      });
      this.routeFunctions[route.routeKey] = routeFunction;
    }
    // What no route matches: the API's own 404 (problem+json, nosniff), not API Gateway's bare one. No authorizer: it
    // names nothing.
    const notFound = new ServiceFunction(this, 'NotFoundFunction', {
      handlerFile: 'api/not-found',
      description: 'API catch-all route: 404 problem+json',
      environment: {},
    });
    this.httpApi.addRoutes({
      path: '/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('NotFoundIntegration', notFound),
    });
  }
}
