import * as z from 'zod/mini';
import { MAX_BODY_BYTES } from '../shared/http';
import * as responses from './response-schemas';
import { API_ROUTES, type ApiRoute } from './routes';
import {
  attachmentDeclarationSchema,
  onDutyQuerySchema,
  rosterExportQuerySchema,
  rosterOverrideSchema,
  rosterPeriodSchema,
  rosterQuerySchema,
  contactBodySchema,
  unitBodySchema,
  auditQuerySchema,
  evaluationQuerySchema,
  firstReportSchema,
  instructionFeedbackSchema,
  instructionSchema,
  noticeQuerySchema,
  reportSchema,
  spotCheckAcknowledgementSchema,
  escalationAcknowledgementSchema,
  spotCheckSchema,
  verificationAnswerSchema,
  verificationRequestSchema,
} from './schemas';

/**
 * The API's contract as an OpenAPI 3.1 document, made from what the code already says: the paths,
 * methods and access of `routes.ts`, the request schemas of `schemas.ts` (JSON Schema 2020-12 by
 * zod's own `toJSONSchema`) and the success shapes of `response-schemas.ts`. Nothing is written
 * twice: a field added to a schema is in the document. Served at `GET /openapi.json`, shown at
 * `/docs`, linted by Spectral and checked against every answer in the end-to-end tests.
 */

type JsonSchema = Record<string, unknown>;
type Status = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 500;

interface RouteContract {
  summary: string;
  /** What it does, naming the requirement IDs it implements. */
  description: string;
  tag: 'Service' | 'Directory' | 'Incidents' | 'Deadlines' | 'Evaluation' | 'Spot checks' | 'Acknowledgements';
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  /** The success answers: a JSON body's schema, or other media types by name. */
  success: Partial<Record<200 | 201, { description: string; json?: z.ZodMiniType; other?: Record<string, string> }>>;
  /** Answers beyond those every route of its kind has (see `errorStatuses`). */
  errors?: Partial<Record<Status, string>>;
  /** Answers as a small HTML page besides problem+json (the signed link is opened on a phone: issue 14 item 5). */
  html?: Partial<Record<Status, string>>;
}

const created = (description: string, json: z.ZodMiniType) => ({ 201: { description, json } });

/** The contract of each route of `API_ROUTES`, by route key. A route without one fails the document's test. */
export const ROUTE_CONTRACTS: Record<string, RouteContract> = {
  'GET /health': {
    tag: 'Service',
    summary: 'Health',
    description: 'Answers 200 while the function can run.',
    success: { 200: { description: 'Running', json: responses.healthResponse } },
  },
  'GET /openapi.json': {
    tag: 'Service',
    summary: 'This document',
    description: "The API's OpenAPI 3.1 document, made from its routes and schemas; `/docs` shows it.",
    success: { 200: { description: 'The OpenAPI document', json: responses.openApiResponse } },
  },
  'GET /units': {
    tag: 'Directory',
    summary: 'Units',
    description: 'The directory of reporting units, their kinds and contacts.',
    success: { 200: { description: 'Every unit', json: responses.unitsResponse } },
  },
  'POST /units': {
    tag: 'Directory',
    summary: 'Add a unit',
    body: unitBodySchema,
    description:
      'Issue 15: a new unit with its two standing contacts (and staff), audited in its own chain; the next message uses it, no restart. The same unit posted again → 200, nothing changed.',
    success: {
      ...created('The unit', responses.unitResponse),
      200: { description: 'The same unit was there already', json: responses.unitResponse },
    },
    errors: { 409: 'Another unit has that ID', 422: 'An unknown or deactivated parent, a cycle, a contact ID taken' },
  },
  'GET /units/{unitId}': {
    tag: 'Directory',
    summary: 'A unit',
    description: 'Issue 15: one unit with its contacts, as the directory holds it now.',
    success: { 200: { description: 'The unit', json: responses.unitResponse } },
  },
  'PUT /units/{unitId}': {
    tag: 'Directory',
    summary: 'Change a unit',
    body: unitBodySchema,
    description:
      'Issue 15: the unit as it should be (its staff kept when not given); audited with who, when, before and after. Nothing changed → nothing written.',
    success: { 200: { description: 'The unit, as it now is', json: responses.unitResponse } },
    errors: { 422: 'An unknown or deactivated parent, a cycle in the unit tree, a contact ID taken' },
  },
  'DELETE /units/{unitId}': {
    tag: 'Directory',
    summary: 'Deactivate a unit',
    description:
      'Issue 15: nothing new is filed for it; its history stays. A unit with open incidents cannot be deactivated.',
    success: { 200: { description: 'The unit, deactivated', json: responses.unitResponse } },
    errors: { 409: 'The unit has open incidents' },
  },
  'PUT /units/{unitId}/contacts/{contactId}': {
    tag: 'Directory',
    summary: 'Save a contact',
    body: contactBodySchema,
    description:
      "Issue 15: one of the unit's two standing contacts, changed in place (its role kept), or a member of its staff whom a duty roster can name, added or changed. The next message goes to the new number or address.",
    success: { 200: { description: 'The unit, as it now is', json: responses.unitResponse } },
    errors: { 422: 'A contact ID that is another unit’s' },
  },
  'DELETE /units/{unitId}/contacts/{contactId}': {
    tag: 'Directory',
    summary: 'Remove a staff contact',
    description: 'Issue 15: removes a member of the staff (its chain keeps who it was). A standing contact → 409.',
    success: { 200: { description: 'The unit, as it now is', json: responses.unitResponse } },
    errors: { 409: 'A standing contact cannot be removed' },
  },
  'GET /units/{unitId}/roster': {
    tag: 'Directory',
    summary: "A unit's duty roster",
    query: rosterQuerySchema,
    description:
      "Issue 15, R-LADDER: the unit's shifts (值班员, 带班领导) and overrides starting in the period (default: this Beijing month), its gaps and overlapping shifts. A reporter reads its own unit's; another's → 404.",
    success: { 200: { description: 'The roster', json: responses.rosterResponse } },
  },
  'PUT /units/{unitId}/roster': {
    tag: 'Directory',
    summary: 'Replace the shifts of a period',
    body: rosterPeriodSchema,
    description:
      "Issue 15: the shifts starting in [from, to) become exactly these (each ≤ 24 h, no overlaps, duty officer and shift leader among the unit's contacts); a bad shift is named with its row and field and nothing is written.",
    success: { 200: { description: 'The period, as stored', json: responses.rosterResponse } },
  },
  'POST /units/{unitId}/roster/overrides': {
    tag: 'Directory',
    summary: 'Record a swap or a stand-in',
    body: rosterOverrideSchema,
    description:
      'Issue 15, R-LADDER: one role (duty officer or shift leader) taken by another contact for part of a shift (替班、换班): the next message to that role goes to them.',
    success: created('The override', responses.rosterOverrideResponse),
  },
  'GET /units/{unitId}/on-duty': {
    tag: 'Directory',
    summary: 'Who is on duty',
    query: onDutyQuerySchema,
    description:
      "Issue 15, R-LADDER: who holds the duty at `at` (default: now), from which shift or override, and whom a message to the unit's duty contact and leader would reach then; with no shift (a roster gap), the standing contacts.",
    success: { 200: { description: 'Who is on duty', json: responses.onDutyResponse } },
  },
  'PUT /units/{unitId}/roster/months/{month}': {
    tag: 'Directory',
    summary: "Import a month's roster (.xlsx or CSV)",
    description:
      "Issue 15: the month's roster as duty offices keep it in Excel — columns 日期, 班次 (`夜班 20:00-08:00`), 值班员, 带班领导, 电话 — sent as `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `text/csv` (UTF-8), replaces the month's shifts. All or nothing: each bad row is named with its line and reason.",
    success: { 200: { description: "The month's shifts, as stored", json: responses.rosterResponse } },
  },
  'GET /units/{unitId}/roster/months/{month}': {
    tag: 'Directory',
    summary: "Export a month's roster",
    query: rosterExportQuerySchema,
    description: "Issue 15: the month's roster in the layout it is imported in: CSV (BOM) or `.xlsx`.",
    success: {
      200: {
        description: "The month's roster",
        other: {
          'text/csv': '日期, 班次, 值班员, 带班领导, 电话; UTF-8 with BOM',
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'The same, as a spreadsheet',
        },
      },
    },
  },
  'GET /categories': {
    tag: 'Directory',
    summary: 'Categories',
    description: 'Incident classes and categories (R-HORIZONTAL routes by category), and the severities.',
    success: { 200: { description: 'Classes, categories and severities', json: responses.categoriesResponse } },
  },
  'GET /incidents': {
    tag: 'Incidents',
    summary: 'Open incidents',
    description: "Open incidents, newest first; a reporter sees its own unit's only.",
    success: { 200: { description: 'Open incidents', json: responses.incidentListResponse } },
  },
  'GET /obligations': {
    tag: 'Deadlines',
    summary: 'Waiting deadlines',
    description:
      "Every deadline still waiting, overdue first, with the server's time for countdowns (R-LADDER); a reporter sees its own unit's only.",
    success: { 200: { description: 'Waiting obligations', json: responses.obligationListResponse } },
  },
  'GET /evaluations': {
    tag: 'Evaluation',
    summary: 'Per-unit evaluation',
    query: evaluationQuerySchema,
    description:
      'R-EVAL: per unit for a period of Beijing days, [from, to): first reports, written reports, verification answers, instruction feedback, follow-ups and spot checks on time / late / missed, delays, month by month. `Accept: text/csv` or `format=csv` for the per-unit table (UTF-8 with BOM).',
    success: {
      200: {
        description: 'The evaluation',
        json: responses.evaluationResponse,
        other: { 'text/csv': 'The per-unit table, UTF-8 with BOM' },
      },
    },
  },
  'GET /evaluations/notice': {
    tag: 'Evaluation',
    summary: 'Monthly notice (通报)',
    query: noticeQuerySchema,
    description: 'R-EVAL: the monthly notice listing late and missed items by unit, as a printable page.',
    success: { 200: { description: 'The notice', other: { 'text/html': 'A printable HTML page' } } },
  },
  'POST /incidents': {
    tag: 'Incidents',
    summary: 'File a first report',
    body: firstReportSchema,
    description:
      'R-INTAKE: a first report with only what is known; by phone it opens the written report, due in 30 minutes (R-WRITTEN-30). R-MEDIA: `source: "media"` logs an item found in the media and opens a phone verification at once. Starts the incident\'s and the obligations\' watches.',
    success: created('The incident and the obligations it opened', responses.createdIncidentResponse),
    errors: { 422: 'An unknown unit or category' },
  },
  'GET /incidents/{incidentId}': {
    tag: 'Incidents',
    summary: 'An incident',
    description: 'The incident, its reports, obligations, messages, acknowledgements and timeline (R-AUDIT).',
    success: { 200: { description: 'The incident', json: responses.incidentResponse } },
  },
  'GET /incidents/{incidentId}/audit': {
    tag: 'Incidents',
    summary: 'Audit chain',
    query: auditQuerySchema,
    description:
      "R-AUDIT: the incident's hash chain and its verification against its head and its write-once anchors; `format=csv` for the timeline as CSV, `download=1` as a file.",
    success: {
      200: {
        description: 'The chain and its verification',
        json: responses.auditResponse,
        other: { 'text/csv': 'The timeline, Beijing and ISO times, UTF-8 with BOM' },
      },
    },
  },
  'POST /incidents/{incidentId}/reports': {
    tag: 'Incidents',
    summary: 'File a written, follow-up or final report',
    body: reportSchema,
    description:
      "R-LIFECYCLE, R-ELEMENTS: a written, follow-up or final report meets its obligation (late with `lateReason`); the answer names the elements missing. A final report missing any → 422; it closes the incident, and anything after it → 409. R-INTAKE: `attachmentIds` names completed attachments of the incident (each on one report only, within the per-document limits; 422 naming `attachmentIds.<n>` otherwise); `coordinates` is the phone's position beside the typed `location`.",
    success: created('The report and the obligations it settled', responses.reportResponse),
    errors: {
      409: 'The incident is closed, or busy',
      422: 'A final report missing elements, or an attachment that cannot go on it',
    },
  },
  'POST /incidents/{incidentId}/attachments': {
    tag: 'Incidents',
    summary: 'Declare a photo or video from the scene',
    body: attachmentDeclarationSchema,
    description:
      "R-INTAKE: declares an attachment (type, size, SHA-256; `fileName` is for display only) and returns a presigned PUT, valid for minutes, bound to that content type, length and `x-amz-checksum-sha256`: send `uploadHeaders` exactly. Per document at most 9 images of 10 MB and 1 video of 100 MB (JPEG, PNG, HEIC, WebP, MP4; the policy's numbers). Name it in a report's `attachmentIds` once completed.",
    success: created('The attachment, pending, and where to PUT it', responses.attachmentUploadResponse),
    errors: {
      409: 'The incident is closed',
      422: 'A type or size the policy refuses, or one more than a document may carry',
    },
  },
  'POST /incidents/{incidentId}/attachments/{attachmentId}/complete': {
    tag: 'Incidents',
    summary: 'Complete an upload',
    description:
      "R-INTAKE, R-AUDIT: checks the uploaded object's size, SHA-256 and first bytes (magic bytes) against what was declared; a mismatch deletes it and answers 422 naming each field; a match records it with its SHA-256 and size in the timeline.",
    success: { 200: { description: 'The attachment, complete', json: responses.attachmentResponse } },
    errors: { 409: 'The incident is closed', 422: 'Not uploaded, or not what was declared' },
  },
  'GET /incidents/{incidentId}/attachments/{attachmentId}': {
    tag: 'Incidents',
    summary: 'Download an attachment',
    description:
      "R-INTAKE: a presigned GET of a completed attachment, valid for minutes, after the same access check as the incident (another unit's: 404).",
    success: {
      200: { description: 'The attachment and its download URL', json: responses.attachmentDownloadResponse },
    },
  },
  'POST /incidents/{incidentId}/verification-requests': {
    tag: 'Deadlines',
    summary: 'Request verification (核报)',
    body: verificationRequestSchema,
    description: 'R-VERIFY-20-40: opens a phone answer due in 20 minutes and, when asked for, a written one due in 40.',
    success: created('The request and its obligations', responses.verificationRequestResponse),
  },
  'POST /incidents/{incidentId}/verification-requests/{requestId}/answers': {
    tag: 'Deadlines',
    summary: 'Answer a verification request',
    body: verificationAnswerSchema,
    description: "R-VERIFY-20-40: the unit's answer by phone (logged by the duty office) or in writing.",
    success: created('The answer and the obligation it settled', responses.verificationAnswerResponse),
  },
  'POST /incidents/{incidentId}/instructions': {
    tag: 'Deadlines',
    summary: "Record a leader's instruction (批示)",
    body: instructionSchema,
    description: 'R-INSTRUCTION-12H: opens the feedback obligation, due 12 hours after the instruction was received.',
    success: created('The instruction and its obligation', responses.instructionResponse),
  },
  'POST /incidents/{incidentId}/instructions/{instructionId}/feedback': {
    tag: 'Deadlines',
    summary: 'File instruction feedback',
    body: instructionFeedbackSchema,
    description: "R-INSTRUCTION-12H: the unit's feedback on an instruction.",
    success: created('The feedback and the obligation it settled', responses.instructionFeedbackResponse),
  },
  'POST /spot-checks': {
    tag: 'Spot checks',
    summary: 'Start a duty spot check (值班抽查)',
    body: spotCheckSchema,
    description: "R-SPOTCHECK: the unit's duty post gets an SMS with a code and acknowledges within 10 minutes.",
    success: created('The spot check', responses.spotCheckResponse),
    errors: { 422: 'An unknown unit' },
  },
  'GET /spot-checks': {
    tag: 'Spot checks',
    summary: 'Unanswered spot checks',
    description:
      "R-SPOTCHECK: the spot checks still waiting for their acknowledgement (started in the last day), oldest first, each with its result; a reporter sees its own unit's only.",
    success: { 200: { description: 'Unanswered spot checks', json: responses.spotCheckListResponse } },
  },
  'GET /spot-checks/{spotCheckId}': {
    tag: 'Spot checks',
    summary: 'A spot check',
    description: 'R-SPOTCHECK: the spot check and its result.',
    success: { 200: { description: 'The spot check', json: responses.spotCheckResponse } },
  },
  'POST /spot-checks/{spotCheckId}/acknowledgement': {
    tag: 'Spot checks',
    summary: 'Acknowledge a spot check',
    body: spotCheckAcknowledgementSchema,
    description: "R-SPOTCHECK: the unit's duty post answers (201 the first time, 200 after).",
    success: {
      201: { description: 'Acknowledged', json: responses.spotCheckResponse },
      200: { description: 'Already acknowledged', json: responses.spotCheckResponse },
    },
  },
  'POST /incidents/{incidentId}/obligations/{obligationId}/acknowledgement': {
    tag: 'Acknowledgements',
    summary: 'Acknowledge an escalation (确认催报, signed in)',
    body: escalationAcknowledgementSchema,
    description:
      "Issue 14, R-LADDER: a reporter of the unit acknowledges, in the console, the escalation step (`escalationStep`, as `GET /obligations` shows it) that reached its unit's contacts — on behalf of the contact it reached, the user recorded as the actor. It stops that step's repeats, not the escalation: only the document does. 201 the first time, 200 with the first acknowledgement after.",
    success: {
      201: { description: 'Acknowledged', json: responses.escalationAcknowledgementResponse },
      200: { description: 'Already acknowledged', json: responses.escalationAcknowledgementResponse },
    },
    errors: {
      404: "No such obligation, or another unit's",
      409: 'The step never reached the unit, or the obligation is no longer owed',
    },
  },
  'GET /acknowledgements/{code}': {
    tag: 'Acknowledgements',
    summary: 'Acknowledge an escalation (signed link)',
    description:
      "R-LADDER: the signed link in an escalation e-mail records that contact's acknowledgement of the step (stopping its repeats, not the escalation); answers with a small HTML page made for a phone (device-width viewport, no script), Chinese with English below. The signature is the credential: no token.",
    success: {
      200: {
        description: 'Acknowledged',
        other: { 'text/html': 'A page saying what was acknowledged, in Chinese and English' },
      },
    },
    errors: { 403: 'The signature does not match, or the step was not sent to that contact' },
    html: { 403: 'The step was not sent to that contact', 410: 'The escalation is over: nothing to acknowledge' },
  },
};

const QUERY_PARAMETERS: Record<string, { name: string; description: string }[]> = {
  'GET /acknowledgements/{code}': [
    { name: 'contact', description: 'The contact the link was sent to' },
    { name: 'signature', description: "The link's signature (HMAC of code and contact)" },
  ],
};

const ERROR_DESCRIPTIONS: Record<Status, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Invalid request: each bad field named',
  401: 'No valid bearer token',
  403: "The token's role or unit may not do this",
  404: 'Not found',
  409: 'Conflict: already answered, closed, or the first request with this Idempotency-Key still in progress',
  410: 'Gone',
  413: `Body larger than ${MAX_BODY_BYTES} bytes`,
  415: 'The body is not sent as application/json',
  422: 'Well-formed but refused: this Idempotency-Key was used with another body, or a reference is unknown',
  500: 'Internal error',
};

const pathParameters = (path: string): string[] => [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);

/** The statuses every route of its kind may answer with, besides its own. */
function errorStatuses(route: ApiRoute, contract: RouteContract, method: string, path: string): Status[] {
  const statuses = new Set<Status>([413, 500]);
  if (route.access !== 'public') [401, 403].forEach((status) => statuses.add(status as Status));
  if (pathParameters(path).length > 0) [400, 404].forEach((status) => statuses.add(status as Status));
  if (contract.query || QUERY_PARAMETERS[route.routeKey]) statuses.add(400);
  if (contract.body) [400, 415].forEach((status) => statuses.add(status as Status));
  if (method === 'post') [409, 422].forEach((status) => statuses.add(status as Status));
  for (const status of Object.keys(contract.errors ?? {})) statuses.add(Number(status) as Status);
  return [...statuses].sort();
}

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

const componentName = (text: string): string =>
  text
    .replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, __, letter: string) => letter.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, '');

/** RFC 9457 problem details as every handler writes them (`functions/shared/http.ts`). */
const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    "RFC 9457 problem details; title, detail and field messages in the caller's language (Accept-Language: zh-CN or English)",
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Each bad field, by its JSON path (`casualties.injured`), or `(body)` for the body as a whole',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
        additionalProperties: false,
      },
    },
  },
  required: ['type', 'title', 'status', 'detail'],
};

/**
 * The OpenAPI 3.1 document of the API.
 * @param serverUrl the API's base URL, as the document is served from it.
 */
export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  const refTo = (name: string, schema: z.ZodMiniType, io: 'input' | 'output') => {
    schemas[name] ??= jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  for (const route of API_ROUTES) {
    const contract = ROUTE_CONTRACTS[route.routeKey];
    if (!contract) throw new Error(`${route.routeKey} has no contract in ROUTE_CONTRACTS (functions/api/openapi.ts)`);
    const [method = '', path = ''] = route.routeKey.split(' ');
    const lower = method.toLowerCase();
    const operationId = componentName(route.handlerFile).replace(/^./, (letter) => letter.toLowerCase());
    const name = componentName(route.handlerFile);
    const parameters: unknown[] = [
      ...pathParameters(path).map((parameter) => ({
        name: parameter,
        in: 'path',
        required: true,
        schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
      })),
      ...(QUERY_PARAMETERS[route.routeKey] ?? []).map((parameter) => ({
        ...parameter,
        in: 'query',
        required: true,
        schema: { type: 'string' },
      })),
      { $ref: '#/components/parameters/AcceptLanguage' },
    ];
    if (contract.query) {
      const query = jsonSchema(contract.query, 'input') as {
        properties: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [parameter, schema] of Object.entries(query.properties)) {
        parameters.push({
          name: parameter,
          in: 'query',
          required: query.required?.includes(parameter) ?? false,
          schema,
        });
      }
    }
    if (lower === 'post') parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    const answers: Record<string, unknown> = {};
    for (const [status, success] of Object.entries(contract.success)) {
      answers[status] = {
        description: success.description,
        content: {
          ...(success.json ? { 'application/json': { schema: refTo(`${name}Response`, success.json, 'output') } } : {}),
          ...Object.fromEntries(
            Object.entries(success.other ?? {}).map(([type, description]) => [
              type,
              { schema: { type: 'string', description } },
            ]),
          ),
        },
      };
    }
    for (const status of errorStatuses(route, contract, lower, path)) {
      const html = contract.html?.[status];
      answers[String(status)] = {
        description: contract.errors?.[status] ?? html ?? ERROR_DESCRIPTIONS[status],
        content: {
          ...problemContent,
          ...(html ? { 'text/html': { schema: { type: 'string', description: html } } } : {}),
        },
        ...(status === 401
          ? { headers: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } } }
          : {}),
      };
    }
    paths[path] ??= {};
    paths[path][lower] = {
      operationId,
      summary: contract.summary,
      description: contract.description,
      tags: [contract.tag],
      ...(route.access === 'public' ? { security: [] } : { 'x-roles': route.access }),
      parameters,
      ...(contract.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: refTo(`${name}Request`, contract.body, 'input') } },
            },
          }
        : {}),
      responses: answers,
    };
    if (route.access !== 'public') {
      (paths[path][lower] as { description: string }).description += `\n\nRoles: ${route.access.join(', ')}.`;
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Incident-reporting deadlines and escalation API',
      version: '0.1.0',
      description:
        'Deadlines and escalation for emergency-incident information reporting under 盘县政办发〔2015〕97号. Requirement IDs (R-…) name the rules each operation implements. Errors are RFC 9457 `application/problem+json`, in Chinese when `Accept-Language` prefers it, English otherwise.',
      contact: { name: 'County Emergency Management Office duty desk' },
      license: { name: 'UNLICENSED', identifier: 'LicenseRef-UNLICENSED' },
    },
    servers: [{ url: serverUrl ?? '/', description: 'This API' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'Service', description: 'Health and this document' },
      { name: 'Directory', description: 'Units and categories' },
      { name: 'Incidents', description: 'First, written, follow-up and final reports; the record and its audit chain' },
      { name: 'Deadlines', description: 'Verification requests, instructions and their answers; waiting deadlines' },
      { name: 'Evaluation', description: 'R-EVAL: per-unit evaluation and the monthly notice' },
      { name: 'Spot checks', description: 'R-SPOTCHECK: duty spot checks' },
      { name: 'Acknowledgements', description: 'R-LADDER: signed acknowledgement links' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A JWT with the role claim (reporter, duty-officer or admin; a reporter's also names its unit). In AWS the user pool issues it and API Gateway's JWT authorizer checks it; locally `npm run token -- --role duty-officer`. Each operation lists the roles it accepts (`x-roles`).",
        },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'zh-CN (e.g. `zh-CN,zh;q=0.9`) for problem details in Chinese; English otherwise',
          schema: { type: 'string' },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Repeating a request with the same key and body gives the first answer again, and does nothing twice',
          schema: { type: 'string', minLength: 8, maxLength: 128 },
        },
      },
      schemas,
    },
  };
}
