import { fixedDirectory } from '../../functions/shared/directory-source';
import { makeHandler as makeAcknowledgeSpotCheck } from '../../functions/api/acknowledge-spot-check';
import { makeHandler as makeAnswerVerification } from '../../functions/api/answer-verification';
import { makeHandler as makeCompleteAttachment } from '../../functions/api/complete-attachment';
import { makeHandler as makeCreateAttachment } from '../../functions/api/create-attachment';
import { makeHandler as makeCreateIncident } from '../../functions/api/create-incident';
import { makeHandler as makeGetAttachment } from '../../functions/api/get-attachment';
import { makeHandler as makeFileReport } from '../../functions/api/file-report';
import { makeHandler as makeGetIncident } from '../../functions/api/get-incident';
import { makeHandler as makeGetSpotCheck } from '../../functions/api/get-spot-check';
import { makeHandler as makeListObligations } from '../../functions/api/list-obligations';
import { makeHandler as makeListSpotChecks } from '../../functions/api/list-spot-checks';
import { makeHandler as makeRequestVerification } from '../../functions/api/request-verification';
import { API_ROUTES } from '../../functions/api/routes';
import { ROLES } from '../../functions/domain/access';
import { defaultTaxonomy } from '../../functions/domain/categories';
import { defaultDirectory } from '../../functions/domain/default-directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { startSpotCheck } from '../../functions/domain/spot-checks';
import type { HttpEvent, HttpResult } from '../../functions/shared/http';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { DUTY_OFFICER, httpEvent, phoneFirstReport, reporterOf, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { MemoryAttachmentStore } from '../support/memory-attachment-store';
import { RecordingWorkflow } from '../support/recording-workflow';
import { startTestTable, type TestTable } from '../support/table';

type Handler = (event: HttpEvent, lambdaContext: typeof context) => Promise<HttpResult>;
const protectedRoutes = API_ROUTES.filter((route) => route.access !== 'public');
const eventFor = (routeKey: string, caller: TestCaller | null) => {
  const [method, path] = routeKey.split(' ');
  const pathParameters = Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => [name, 'X']));
  return httpEvent({ method, path, body: method === 'POST' ? {} : undefined, pathParameters, caller });
};

describe('authentication and authorization (README "Security model")', () => {
  // The module-level handlers point at 127.0.0.1:9 (test/support/environment.ts): any I/O would
  // fail with a 500. A 401 or 403 therefore also proves the request stopped before touching data.
  it.each(protectedRoutes.map((route) => [route.routeKey, route.handlerFile]))(
    '%s: no token → 401 problem+json',
    async (_routeKey, handlerFile) => {
      const { handler } = (await import(`../../functions/api/${handlerFile}`)) as { handler: Handler };
      const response = await handler(eventFor(_routeKey, null), context);
      expect(response.statusCode).toBe(401);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
      expect(response.headers?.['www-authenticate']).toBe('Bearer');
    },
  );

  it.each(
    protectedRoutes.flatMap((route) =>
      ROLES.filter((role) => !(route.access as readonly string[]).includes(role)).map((role) => [
        route.routeKey,
        role,
        route.handlerFile,
      ]),
    ),
  )('%s: role %s → 403', async (routeKey, role, handlerFile) => {
    const { handler } = (await import(`../../functions/api/${handlerFile}`)) as { handler: Handler };
    const response = await handler(
      eventFor(routeKey, { role: role as TestCaller['role'], unitId: 'gaosheng-zone' }),
      context,
    );
    expect(response.statusCode).toBe(403);
  });

  it('a token naming an unknown role, or a reporter without a unit → 401', async () => {
    const { handler } = (await import('../../functions/api/list-units')) as { handler: Handler };
    const unknownRole = eventFor('GET /units', { role: 'mayor' as never });
    const unitless = eventFor('GET /units', { role: 'reporter' });
    expect((await handler(unknownRole, context)).statusCode).toBe(401);
    expect((await handler(unitless, context)).statusCode).toBe(401);
  });

  describe('a reporter acts only for its own unit; anything else → 403 (or 404 for what it reaches by ID) and nothing written', () => {
    let table: TestTable;
    let workflow: RecordingWorkflow;
    const incidentId = 'INC-20261128-AUTH01';
    const now = () => new Date('2026-11-28T00:20:00Z');
    const deps = () => ({
      ...table.repositories,
      workflow,
      directory: fixedDirectory(defaultDirectory),
      taxonomy: defaultTaxonomy,
      policy: defaultPolicy,
      drillSpeed: 1,
      now,
    });
    const other = reporterOf('example-town-a');
    const own = reporterOf('gaosheng-zone');

    beforeAll(async () => {
      table = await startTestTable();
      await givenPhoneReportedIncident(table, { incidentId, phoneReportAt: new Date('2026-11-28T00:05:00Z') });
    });
    afterAll(async () => table.stop());
    beforeEach(() => {
      workflow = new RecordingWorkflow();
    });

    async function expectForbiddenAndNothingWritten(act: () => Promise<HttpResult>, status = 403): Promise<void> {
      const before = await table.allItems();
      const response = await act();
      expect(response.statusCode).toBe(status);
      // Nobody is named: neither the owning unit nor the caller's.
      if (status === 404) expect(response.body).not.toMatch(/gaosheng|example-town/);
      expect(response.headers?.['content-type']).toContain('application/problem+json');
      expect(await table.allItems()).toEqual(before);
      expect([...workflow.incidentStarts, ...workflow.obligationStarts, ...workflow.stops]).toEqual([]);
    }

    it("files a first report only for its own unit; media items are the duty office's", async () => {
      await expectForbiddenAndNothingWritten(() =>
        makeCreateIncident(deps())(
          httpEvent({
            method: 'POST',
            path: '/incidents',
            body: phoneFirstReport({ unitId: 'gaosheng-zone' }),
            caller: other,
          }),
          context,
        ),
      );
      await expectForbiddenAndNothingWritten(() =>
        makeCreateIncident(deps())(
          httpEvent({
            method: 'POST',
            path: '/incidents',
            body: phoneFirstReport({ source: 'media', mediaSource: '微博' }),
            caller: own,
          }),
          context,
        ),
      );
    });

    it("reads and files only its own unit's incidents: another unit's is answered 404 exactly as one that does not exist", async () => {
      const get = (caller: TestCaller, id = incidentId) =>
        makeGetIncident(deps())(
          httpEvent({ method: 'GET', path: `/incidents/${id}`, pathParameters: { incidentId: id }, caller }),
          context,
        );
      expect((await get(own)).statusCode).toBe(200);
      expect((await get(DUTY_OFFICER)).statusCode).toBe(200);
      expect((await get({ role: 'admin', sub: 'admin' })).statusCode).toBe(403);
      await expectForbiddenAndNothingWritten(() => get(other), 404);
      const missing = await get(other, 'INC-20261128-NOSUCH');
      expect(JSON.parse((await get(other)).body!).title).toBe(JSON.parse(missing.body!).title);
      await expectForbiddenAndNothingWritten(
        () =>
          makeFileReport(deps())(
            httpEvent({
              method: 'POST',
              path: `/incidents/${incidentId}/reports`,
              body: { kind: 'final', summary: '终报' },
              pathParameters: { incidentId },
              caller: other,
            }),
            context,
          ),
        404,
      );
    });

    it("answers only its own unit's verification requests and spot checks", async () => {
      const request = JSON.parse(
        (
          await makeRequestVerification(deps())(
            httpEvent({ method: 'POST', path: '/v', body: { question: '核实' }, pathParameters: { incidentId } }),
            context,
          )
        ).body!,
      );
      workflow = new RecordingWorkflow();
      await expectForbiddenAndNothingWritten(
        () =>
          makeAnswerVerification(deps())(
            httpEvent({
              method: 'POST',
              path: '/a',
              body: { channel: 'phone', answer: '代答' },
              pathParameters: { incidentId, requestId: request.requestId },
              caller: other,
            }),
            context,
          ),
        404,
      );
      const spotCheck = startSpotCheck({
        unitId: 'gaosheng-zone',
        startedBy: 'duty-officer:test',
        now: now(),
        policy: defaultPolicy,
        drillSpeed: 1,
      });
      await table.spotChecks.putSpotCheck(spotCheck);
      const spotCheckEvent = (caller: TestCaller) =>
        httpEvent({
          method: 'POST',
          path: '/s',
          body: { acknowledgedBy: '某人' },
          pathParameters: { spotCheckId: spotCheck.spotCheckId },
          caller,
        });
      await expectForbiddenAndNothingWritten(
        () => makeAcknowledgeSpotCheck(deps())(spotCheckEvent(other), context),
        404,
      );
      await expectForbiddenAndNothingWritten(
        () =>
          makeGetSpotCheck(deps())(
            httpEvent({
              method: 'GET',
              path: '/s',
              pathParameters: { spotCheckId: spotCheck.spotCheckId },
              caller: other,
            }),
            context,
          ),
        404,
      );
      expect((await makeAcknowledgeSpotCheck(deps())(spotCheckEvent(own), context)).statusCode).toBe(201);
    });

    it("R-LIFECYCLE: GET /obligations shows a reporter its own unit's deadlines only, and a query naming another unit changes nothing", async () => {
      // Prepare: one open deadline of another unit beside the own unit's (beforeAll)
      const otherIncidentId = 'INC-20261128-AUTH02';
      await givenPhoneReportedIncident(table, {
        incidentId: otherIncidentId,
        unitId: 'example-town-a',
        phoneReportAt: new Date('2026-11-28T00:06:00Z'),
      });
      const list = async (caller: TestCaller, query?: Record<string, string>) => {
        const response = await makeListObligations(deps())(
          httpEvent({ method: 'GET', path: '/obligations', query, caller }),
          context,
        );
        expect(response.statusCode).toBe(200);
        return JSON.parse(response.body!).obligations as { incidentId: string; unitId: string }[];
      };
      const before = await table.allItems();
      // Act
      const ownView = await list(own);
      const askingForOther = await list(own, { unitId: 'example-town-a' });
      const otherView = await list(other);
      const dutyOfficeView = await list(DUTY_OFFICER);
      // Assess
      expect(ownView.map((obligation) => obligation.incidentId)).toContain(incidentId);
      expect(ownView.every((obligation) => obligation.unitId === 'gaosheng-zone')).toBe(true);
      expect(askingForOther).toEqual(ownView);
      expect(otherView.map((obligation) => [obligation.incidentId, obligation.unitId])).toEqual([
        [otherIncidentId, 'example-town-a'],
      ]);
      expect(dutyOfficeView.map((obligation) => obligation.incidentId)).toEqual(
        expect.arrayContaining([incidentId, otherIncidentId]),
      );
      expect(JSON.stringify(ownView)).not.toContain('example-town-a');
      expect(await table.allItems()).toEqual(before);
    });

    it("R-SPOTCHECK: GET /spot-checks shows a reporter its own unit's unanswered spot checks only (issue 14)", async () => {
      // Prepare: an unanswered check on each of two units, beside the own unit's check answered above
      const checkOn = async (unitId: string) => {
        const spotCheck = startSpotCheck({
          unitId,
          startedBy: 'duty-officer:test',
          now: now(),
          policy: defaultPolicy,
          drillSpeed: 1,
        });
        await table.spotChecks.putSpotCheck(spotCheck);
        return spotCheck.spotCheckId;
      };
      const ownCheck = await checkOn('gaosheng-zone');
      const otherCheck = await checkOn('example-town-a');
      const list = async (caller: TestCaller) => {
        const response = await makeListSpotChecks(deps())(
          httpEvent({ method: 'GET', path: '/spot-checks', caller }),
          context,
        );
        expect(response.statusCode).toBe(200);
        return (JSON.parse(response.body!) as { spotChecks: { spotCheckId: string }[] }).spotChecks.map(
          (spotCheck) => spotCheck.spotCheckId,
        );
      };
      const before = await table.allItems();
      // Act
      const ownView = await list(own);
      const otherView = await list(other);
      const dutyOfficeView = await list(DUTY_OFFICER);
      // Assess: the answered check is listed to nobody; each unit sees its own; the duty office sees both
      expect(ownView).toEqual([ownCheck]);
      expect(otherView).toEqual([otherCheck]);
      expect(dutyOfficeView).toEqual(expect.arrayContaining([ownCheck, otherCheck]));
      expect(dutyOfficeView).toHaveLength(2);
      expect(await table.allItems()).toEqual(before);
    });

    it("R-INTAKE: declares, completes and reads only its own unit's attachments: another unit's incident is a 404 and no URL is signed", async () => {
      // Prepare
      const store = new MemoryAttachmentStore();
      const attachmentDeps = { ...deps(), store, policy: defaultPolicy.attachments };
      const declared = await makeCreateAttachment(attachmentDeps)(
        httpEvent({
          method: 'POST',
          path: `/incidents/${incidentId}/attachments`,
          body: { fileName: 'a.jpg', contentType: 'image/jpeg', size: 10, sha256: 'a'.repeat(64) },
          pathParameters: { incidentId },
          caller: own,
        }),
        context,
      );
      const attachmentId = (JSON.parse(declared.body!) as { attachment: { attachmentId: string } }).attachment
        .attachmentId;
      const path = `/incidents/${incidentId}/attachments/${attachmentId}`;
      const pathParameters = { incidentId, attachmentId };
      // Act, Assess
      expect(declared.statusCode).toBe(201);
      await expectForbiddenAndNothingWritten(
        () =>
          makeCreateAttachment(attachmentDeps)(
            httpEvent({
              method: 'POST',
              path: `/incidents/${incidentId}/attachments`,
              body: { fileName: 'b.jpg', contentType: 'image/jpeg', size: 10, sha256: 'b'.repeat(64) },
              pathParameters: { incidentId },
              caller: other,
            }),
            context,
          ),
        404,
      );
      await expectForbiddenAndNothingWritten(
        () =>
          makeCompleteAttachment(attachmentDeps)(
            httpEvent({ method: 'POST', path: `${path}/complete`, pathParameters, caller: other }),
            context,
          ),
        404,
      );
      await expectForbiddenAndNothingWritten(
        () =>
          makeGetAttachment(attachmentDeps)(httpEvent({ method: 'GET', path, pathParameters, caller: other }), context),
        404,
      );
      expect(store.signedUploads).toHaveLength(1);
    });

    it('R-AUDIT: every event records who did it', async () => {
      const created = JSON.parse(
        (
          await makeCreateIncident(deps())(
            httpEvent({ method: 'POST', path: '/incidents', body: phoneFirstReport(), caller: own }),
            context,
          )
        ).body!,
      );
      const record = await table.incidents.getIncidentRecord(created.incidentId);
      const actors = new Set(record!.timeline.map((event) => event.actor));
      expect(actors).toEqual(new Set(['reporter:gaosheng-zone:test-reporter-gaosheng-zone', 'system:deadline-watch']));
      expect(record!.timeline.find((event) => event.type === 'incident-reported')?.actor).toBe(
        'reporter:gaosheng-zone:test-reporter-gaosheng-zone',
      );
    });
  });
});
