import directoryConfiguration from '../../functions/config/units.json' with { type: 'json' };
import { makeHandler as makeCreateUnit } from '../../functions/api/create-unit';
import { makeHandler as makeDeactivateUnit } from '../../functions/api/deactivate-unit';
import { makeHandler as makeGetUnit } from '../../functions/api/get-unit';
import { makeHandler as makeListUnits } from '../../functions/api/list-units';
import { makeHandler as makeRemoveContact } from '../../functions/api/remove-contact';
import { makeHandler as makeSaveContact } from '../../functions/api/save-contact';
import { makeHandler as makeUpdateUnit } from '../../functions/api/update-unit';
import { makeHandler as makeEscalate } from '../../functions/workflow/escalate-obligation';
import { makeHandler as makeSeedDirectory } from '../../functions/workflow/seed-directory';
import { unitChainId, verifyChain } from '../../functions/domain/audit-chain';
import { defaultDirectory } from '../../functions/domain/default-directory';
import type { Unit } from '../../functions/domain/directory';
import { defaultPolicy } from '../../functions/domain/policy';
import { TableDirectory } from '../../functions/shared/directory-source';
import type { TopicSubscription } from '../../functions/domain/email-subscriptions';
import type { EmailSubscriptions } from '../../functions/shared/email-subscriptions';
import { DirectoryRepository } from '../../functions/shared/repositories/directory';
import type { AuditTrail } from '../../functions/shared/repositories/audit-trail';
import { givenPhoneReportedIncident } from '../support/fixtures';
import { httpEvent, reporterOf, type TestCaller } from '../support/http-events';
import { context } from '../support/lambda-context';
import { RecordingNotifier } from '../support/recording-notifier';
import { testSigningKey } from '../support/recording-workflow';
import { RecordingAlarms, startTestTable, type TestTable } from '../support/table';

const ADMIN: TestCaller = { role: 'admin', sub: 'test-admin' };
const at = new Date('2026-12-02T02:00:00Z');

interface Answer {
  statusCode: number;
  body: Record<string, unknown> & { errors?: { field: string; message: string }[] };
  headers: Record<string, string>;
}

describe('issue 15 item 1: the directory is data — CRUD over the API, validated and audited, no restart', () => {
  let table: TestTable;
  const deps = () => ({ ...table.repositories, now: () => at });
  const answer = async (result: unknown): Promise<Answer> => {
    const { statusCode, body, headers } = result as {
      statusCode: number;
      body: string;
      headers: Record<string, string>;
    };
    return { statusCode, body: JSON.parse(body) as Answer['body'], headers };
  };
  const createUnit = async (unit: unknown, caller: TestCaller = ADMIN, headers: Record<string, string> = {}) =>
    answer(
      await makeCreateUnit(deps())(
        httpEvent({ method: 'POST', path: '/units', body: unit as object, caller, headers }),
        context,
      ),
    );
  const updateUnit = async (unitId: string, unit: unknown, caller: TestCaller = ADMIN) =>
    answer(
      await makeUpdateUnit(deps())(
        httpEvent({
          method: 'PUT',
          path: `/units/${unitId}`,
          body: unit as object,
          pathParameters: { unitId },
          caller,
        }),
        context,
      ),
    );
  const saveContact = async (unitId: string, contactId: string, contact: unknown, caller: TestCaller = ADMIN) =>
    answer(
      await makeSaveContact(deps())(
        httpEvent({
          method: 'PUT',
          path: `/units/${unitId}/contacts/${contactId}`,
          body: contact as object,
          pathParameters: { unitId, contactId },
          caller,
        }),
        context,
      ),
    );
  const removeContact = async (unitId: string, contactId: string) =>
    answer(
      await makeRemoveContact(deps())(
        httpEvent({
          method: 'DELETE',
          path: `/units/${unitId}/contacts/${contactId}`,
          pathParameters: { unitId, contactId },
          caller: ADMIN,
        }),
        context,
      ),
    );
  const deactivate = async (unitId: string, headers: Record<string, string> = {}) =>
    answer(
      await makeDeactivateUnit(deps())(
        httpEvent({ method: 'DELETE', path: `/units/${unitId}`, pathParameters: { unitId }, caller: ADMIN, headers }),
        context,
      ),
    );
  const fresh = () => new TableDirectory(table.units, { maxAgeMs: 0 });
  const storedUnit = async (unitId: string): Promise<Unit | undefined> =>
    (await fresh().current()).units.find((unit) => unit.unitId === unitId);

  const newTown = (): Unit => ({
    unitId: 'example-new-town',
    kind: 'town',
    name: { 'zh-CN': '新建示例镇人民政府', en: 'Example New Town Government' },
    shortName: { 'zh-CN': '新建示例镇', en: 'New Town' },
    example: true,
    parentUnitId: 'county-gov-duty-office',
    contacts: {
      dutyContact: {
        contactId: 'example-new-town.duty',
        name: '新建示例镇值班员',
        role: 'duty-contact',
        phone: '+8613900000101',
        email: 'example-new-town.duty@example.org',
        locale: 'zh-CN',
      },
      principalLeader: {
        contactId: 'example-new-town.leader',
        name: '新建示例镇镇长',
        role: 'principal-leader',
        phone: '+8613900000102',
        locale: 'zh-CN',
      },
    },
  });

  beforeAll(async () => {
    table = await startTestTable();
    // Prepare: the directory as the first deploy leaves it
    await makeSeedDirectory({ units: table.units, seed: directoryConfiguration, now: () => at })();
  });
  afterAll(async () => table.stop());

  it('units.json seeds the empty table once, each unit audited as seeded; a second seed changes nothing', async () => {
    // Act
    const again = await makeSeedDirectory({ units: table.units, seed: { units: [] }, now: () => at })();
    // Assess
    expect(again).toEqual({ seeded: 0, subscribed: 0, unsubscribed: 0 });
    const directory = await fresh().current();
    expect(directory.units.map((unit) => unit.unitId)).toEqual(defaultDirectory.units.map((unit) => unit.unitId));
    const events = await table.audit.auditEvents(unitChainId('gaosheng-zone'));
    expect(events.map((event) => [event.type, event.actor])).toEqual([['unit-seeded', 'system:directory-seed']]);
  });

  it('POST /units adds a unit (201), audited with who and after; the same unit posted again → 200, nothing written', async () => {
    // Act
    const created = await createUnit(newTown());
    const again = await createUnit(newTown());
    // Assess
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({ unitId: 'example-new-town', parentUnitId: 'county-gov-duty-office' });
    expect(again.statusCode).toBe(200);
    const events = await table.audit.auditEvents(unitChainId('example-new-town'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'unit-created', actor: 'admin:test-admin', at: at.toISOString() });
    expect(events[0].detail.before).toBeUndefined();
    expect(events[0].detail.after).toMatchObject({ unitId: 'example-new-town' });
    expect(verifyChain(events).valid).toBe(true);
    const list = await answer(
      await makeListUnits({ directory: fresh() })(
        httpEvent({ method: 'GET', path: '/units', caller: reporterOf('gaosheng-zone') }),
        context,
      ),
    );
    expect((list.body.units as Unit[]).map((unit) => unit.unitId)).toContain('example-new-town');
  });

  it('a bad unit is refused naming each field (E.164, e-mail, ID, unknown field), in Chinese when asked; nothing written', async () => {
    // Prepare
    const before = await table.allItems();
    const bad = {
      ...newTown(),
      unitId: 'Bad Unit',
      colour: 'red',
      contacts: {
        ...newTown().contacts,
        dutyContact: { ...newTown().contacts.dutyContact, phone: '13900000101', email: 'not-an-address' },
      },
    };
    // Act
    const refused = await createUnit(bad, ADMIN, { 'accept-language': 'zh-CN' });
    // Assess
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors!.map((error) => error.field).sort()).toEqual(
      ['colour', 'contacts.dutyContact.email', 'contacts.dutyContact.phone', 'unitId'].sort(),
    );
    expect(refused.body.title).toBe('请求无效');
    expect(await table.allItems()).toEqual(before);
  });

  it('the unit tree has no cycles: a parent beneath the unit, itself, or an unknown unit → 422 naming parentUnitId', async () => {
    // Prepare: gaosheng-zone's enterprise would become its parent
    const zone = (await storedUnit('gaosheng-zone'))!;
    const enterprise = defaultDirectory.units.find(
      (unit) => unit.enterprise?.localGovernmentUnitId === 'gaosheng-zone',
    )!;
    await updateUnit(enterprise.unitId, { ...enterprise, parentUnitId: 'gaosheng-zone', deactivatedAt: undefined });
    // Act
    const cycle = await updateUnit('gaosheng-zone', { ...zone, parentUnitId: enterprise.unitId });
    const itself = await updateUnit('gaosheng-zone', { ...zone, parentUnitId: 'gaosheng-zone' });
    const unknown = await createUnit({
      ...newTown(),
      unitId: 'example-orphan-town',
      parentUnitId: 'no-such-unit',
      contacts: {
        dutyContact: { ...newTown().contacts.dutyContact, contactId: 'orphan.duty' },
        principalLeader: { ...newTown().contacts.principalLeader, contactId: 'orphan.leader' },
      },
    });
    // Assess
    expect(cycle.statusCode).toBe(422);
    expect(cycle.body.errors).toEqual([
      {
        field: 'parentUnitId',
        message: `Would make a cycle in the unit tree: gaosheng-zone → ${enterprise.unitId} → gaosheng-zone`,
      },
    ]);
    expect(itself.body.errors).toEqual([{ field: 'parentUnitId', message: 'A unit cannot be its own parent' }]);
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body.errors![0].field).toBe('parentUnitId');
    expect((await storedUnit('gaosheng-zone'))!.parentUnitId).toBe(zone.parentUnitId);
  });

  it('a contact ID already another unit’s is refused; a standing contact cannot be removed (409); staff are added and removed', async () => {
    // Act
    const taken = await saveContact('example-new-town', 'gaosheng-zone.duty', {
      name: '借用',
      phone: '+8613900000199',
      locale: 'zh-CN',
    });
    const staff = await saveContact('example-new-town', 'example-new-town.night-officer', {
      name: '夜班值班员李四',
      phone: '+8613900000103',
      locale: 'zh-CN',
    });
    const standing = await removeContact('example-new-town', 'example-new-town.duty');
    const removed = await removeContact('example-new-town', 'example-new-town.night-officer');
    const gone = await removeContact('example-new-town', 'example-new-town.night-officer');
    // Assess
    expect(taken.statusCode).toBe(422);
    expect(taken.body.errors).toEqual([
      { field: 'staff.0.contactId', message: 'Contact ID "gaosheng-zone.duty" belongs to unit "gaosheng-zone"' },
    ]);
    expect(staff.statusCode).toBe(200);
    expect(staff.body.staff).toEqual([
      expect.objectContaining({ contactId: 'example-new-town.night-officer', role: 'staff', phone: '+8613900000103' }),
    ]);
    expect(standing.statusCode).toBe(409);
    expect(removed.statusCode).toBe(200);
    expect(removed.body.staff).toEqual([]);
    expect(gone.statusCode).toBe(404);
    const types = (await table.audit.auditEvents(unitChainId('example-new-town'))).map((event) => event.type);
    expect(types).toEqual(['unit-created', 'contact-saved', 'contact-removed']);
  });

  it('30 saves of one contact at once: all answer 200, one change is stored and audited once, the chain verifies', async () => {
    // Act
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        saveContact('example-new-town', 'example-new-town.leader', {
          name: '新建示例镇镇长王五',
          phone: '+8613900000109',
          locale: 'zh-CN',
        }),
      ),
    );
    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual(Array(30).fill(200));
    const events = await table.audit.auditEvents(unitChainId('example-new-town'));
    expect(events.filter((event) => event.type === 'contact-saved')).toHaveLength(2);
    expect(verifyChain(events).valid).toBe(true);
    expect((await storedUnit('example-new-town'))!.contacts.principalLeader).toMatchObject({
      phone: '+8613900000109',
      role: 'principal-leader',
    });
  });

  it('a unit with open incidents cannot be deactivated (409, in Chinese); without, it is deactivated, once', async () => {
    // Prepare
    await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DIR001',
      unitId: 'gaosheng-zone',
      phoneReportAt: new Date('2026-12-02T01:30:00Z'),
    });
    // Act
    const refused = await deactivate('gaosheng-zone', { 'accept-language': 'zh-CN' });
    const done = await deactivate('example-new-town');
    const again = await deactivate('example-new-town');
    // Assess
    expect(refused.statusCode).toBe(409);
    expect(refused.body.detail).toBe('单位“gaosheng-zone”还有 1 起未终结事件（INC-20261202-DIR001）：终报后才能停用');
    expect((await storedUnit('gaosheng-zone'))!.deactivatedAt).toBeUndefined();
    expect(done.statusCode).toBe(200);
    expect(done.body.deactivatedAt).toBe(at.toISOString());
    expect(again.statusCode).toBe(200);
    const types = (await table.audit.auditEvents(unitChainId('example-new-town'))).map((event) => event.type);
    expect(types.filter((type) => type === 'unit-deactivated')).toHaveLength(1);
    const got = await answer(
      await makeGetUnit({ directory: fresh() })(
        httpEvent({ method: 'GET', path: '/units/example-new-town', pathParameters: { unitId: 'example-new-town' } }),
        context,
      ),
    );
    expect(got.body.deactivatedAt).toBe(at.toISOString());
  });

  it('a crash between the unit’s write and its audit event: the next change records the owed event first, once', async () => {
    // Prepare: a process whose audit append dies after the unit was written
    const crashing = new DirectoryRepository(table.documentClient, table.tableName, {
      appendEventOnce: () => Promise.reject(new Error('killed')),
    } as unknown as AuditTrail);
    const stored = (await table.units.load()).units.find((entry) => entry.unit.unitId === 'example-town-b')!;
    const changed = { ...stored.unit, name: { ...stored.unit.name, en: 'Example Town B (renamed)' } };
    await expect(
      crashing.saveUnit(changed, stored.version, stored.position, {
        incidentId: unitChainId('example-town-b'),
        type: 'unit-updated',
        at: at.toISOString(),
        actor: 'admin:test-admin',
        unitId: 'example-town-b',
        detail: { before: stored.unit, after: changed },
      }),
    ).rejects.toThrow('killed');
    // Act: the next change of that unit
    await saveContact('example-town-b', 'example-town-b.deputy', {
      name: '副镇长',
      phone: '+8613900000301',
      locale: 'zh-CN',
    });
    // Assess
    const events = await table.audit.auditEvents(unitChainId('example-town-b'));
    expect(events.map((event) => event.type)).toEqual(['unit-seeded', 'unit-updated', 'contact-saved']);
    expect(verifyChain(events).valid).toBe(true);
    expect(
      (await table.units.load()).units.find((entry) => entry.unit.unitId === 'example-town-b')!.pendingEvent,
    ).toBeUndefined();
  });

  it('issue 15 item 2: a contact’s new e-mail address is subscribed at once and the old one removed; the unit page shows each address’s state', async () => {
    // Prepare: the topic as SNS would keep it, in memory
    const topic: TopicSubscription[] = [];
    const store: EmailSubscriptions = {
      list: () => Promise.resolve(topic.map((entry) => ({ ...entry }))),
      subscribe: (endpoint, contactIds) => {
        topic.push({ endpoint, subscriptionArn: `sub-${topic.length + 1}`, contactIds });
        return Promise.resolve();
      },
      refilter: () => Promise.resolve(),
      unsubscribe: (arn) => {
        topic.splice(
          topic.findIndex((entry) => entry.subscriptionArn === arn),
          1,
        );
        return Promise.resolve();
      },
    };
    const save = (email: string) =>
      makeSaveContact({ ...deps(), emailSubscriptions: { store, includePlaceholders: false } })(
        httpEvent({
          method: 'PUT',
          path: '/units/example-town-a/contacts/example-town-a.duty',
          body: { name: '示例镇甲值班员', phone: '+8613900000901', email, locale: 'zh-CN' },
          pathParameters: { unitId: 'example-town-a', contactId: 'example-town-a.duty' },
          caller: ADMIN,
        }),
        context,
      );
    // Act
    await save('duty@town-a.gov.cn');
    await save('night@town-a.gov.cn');
    const page = await answer(
      await makeGetUnit({ directory: fresh(), emailSubscriptions: { store } })(
        httpEvent({ method: 'GET', path: '/units/example-town-a', pathParameters: { unitId: 'example-town-a' } }),
        context,
      ),
    );
    // Assess
    expect(topic.map((entry) => [entry.endpoint, entry.contactIds])).toEqual([
      ['night@town-a.gov.cn', ['example-town-a.duty']],
    ]);
    expect(page.body.emailStatus).toMatchObject({ 'example-town-a.duty': 'confirmed' });
  });

  it('a reporter cannot change the directory (403); an unknown unit is 404', async () => {
    // Act
    const forbidden = await saveContact(
      'gaosheng-zone',
      'gaosheng-zone.duty',
      { name: '冒充', phone: '+8613900000666', locale: 'zh-CN' },
      reporterOf('gaosheng-zone'),
    );
    const missing = await saveContact('no-such-unit', 'x.duty', {
      name: '某人',
      phone: '+8613900000667',
      locale: 'zh-CN',
    });
    // Assess
    expect(forbidden.statusCode).toBe(403);
    expect(missing.statusCode).toBe(404);
    expect((await storedUnit('gaosheng-zone'))!.contacts.dutyContact.phone).not.toBe('+8613900000666');
  });

  it('R-LADDER: a phone number changed over the API is the number the very next escalation goes to, no restart', async () => {
    // Prepare: a warm escalation function whose directory was loaded before the change
    const directory = new TableDirectory(table.units);
    const notifier = new RecordingNotifier();
    const escalate = makeEscalate({
      ...table.repositories,
      notifier,
      directory,
      policy: defaultPolicy,
      signingKey: testSigningKey,
      publicApiUrl: 'http://127.0.0.1:3000',
      consoleUrl: 'http://127.0.0.1:3000/console/',
      alarms: new RecordingAlarms(),
      now: () => new Date('2026-12-02T03:00:00Z'),
    });
    expect((await directory.current()).units.length).toBeGreaterThan(0);
    const obligation = await givenPhoneReportedIncident(table, {
      incidentId: 'INC-20261202-DIR002',
      unitId: 'gaosheng-zone',
      phoneReportAt: new Date('2026-12-02T02:00:00Z'),
    });
    // Act: the duty contact's number changes, then the written report's first escalation step goes out
    await saveContact('gaosheng-zone', 'gaosheng-zone.duty', {
      name: '盘锦高升经济区管委会值班员',
      phone: '+8613900000777',
      locale: 'zh-CN',
    });
    await escalate({
      incidentId: 'INC-20261202-DIR002',
      obligationId: obligation.obligationId,
      escalationStep: 1,
      repeat: 0,
    });
    // Assess
    const sms = notifier.sent.filter((message) => message.channel === 'sms').map((message) => message.to);
    expect(sms).toContain('+8613900000777');
    expect(sms).not.toContain(
      defaultDirectory.units.find((u) => u.unitId === 'gaosheng-zone')!.contacts.dutyContact.phone,
    );
  });
});
