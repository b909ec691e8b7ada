import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidRequestError } from '../../functions/domain/errors';
import {
  beijingMonthRange,
  beijingToIso,
  makeOverride,
  makeShift,
  shiftInstants,
  type Shift,
} from '../../functions/domain/roster';
import { RosterRepository } from '../../functions/shared/repositories/rosters';
import { startTestTable, type TestTable } from '../support/table';

function shift(unitId: string, date: string, start: string, end: string, officer: string, leader: string): Shift {
  return makeShift({
    unitId,
    ...shiftInstants(date, start, end),
    dutyOfficerContactId: officer,
    shiftLeaderContactId: leader,
  });
}

/** Day and night shifts from `first` for `days` days: officer-<date>-d/n, leader-<date>-d/n. */
function dayAndNight(unitId: string, first: string, days: number): Shift[] {
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    return [
      shift(unitId, date, '08:00', '20:00', `officer-${date}-d`, `leader-${date}-d`),
      shift(unitId, date, '20:00', '08:00', `officer-${date}-n`, `leader-${date}-n`),
    ];
  }).flat();
}

/** The document client with every command it sends recorded, by name. */
function recording(documentClient: DynamoDBDocumentClient): { client: DynamoDBDocumentClient; sent: string[] } {
  const sent: string[] = [];
  const client = new Proxy(documentClient, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return (command: { constructor: { name: string } }) => {
        sent.push(command.constructor.name);
        return (target.send as (c: unknown) => Promise<unknown>)(command);
      };
    },
  });
  return { client, sent };
}

/**
 * dynalite has no TransactWriteItems: this client records each transaction and applies its writes one by one, so
 * the transaction path runs against a real table (all but the atomicity, which is DynamoDB's).
 */
function transactionsApplied(documentClient: DynamoDBDocumentClient): {
  client: DynamoDBDocumentClient;
  transactions: TransactWriteCommandInput[];
} {
  const transactions: TransactWriteCommandInput[] = [];
  const client = new Proxy(documentClient, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
      return async (command: unknown) => {
        if (!(command instanceof TransactWriteCommand))
          return (target.send as (c: unknown) => Promise<unknown>)(command);
        transactions.push(command.input);
        for (const write of command.input.TransactItems ?? []) {
          if (write.Put) await target.send(new PutCommand(write.Put));
          if (write.Delete) await target.send(new DeleteCommand(write.Delete));
        }
        return {};
      };
    },
  });
  return { client, transactions };
}

describe('R-LADDER: duty rosters in the table', () => {
  let table: TestTable;
  let rosters: RosterRepository;
  beforeAll(async () => {
    table = await startTestTable();
    rosters = new RosterRepository(table.documentClient, table.tableName, { writeMode: 'one-by-one' });
  });
  afterAll(async () => table.stop());

  it('R-LADDER: a replaced month reads back by start, and coveringAt answers across midnight with ONE Query', async () => {
    // Prepare
    const unitId = 'roster-unit-a';
    const { from, to } = beijingMonthRange('2026-11');
    const november = dayAndNight(unitId, '2026-11-01', 30);
    const { client, sent } = recording(table.documentClient);
    const reader = new RosterRepository(client, table.tableName);
    // Act
    const replaced = await rosters.replacePeriod(unitId, from, to, [...november].reverse());
    const stored = await rosters.shiftsBetween(unitId, from, to);
    const smallHours = await reader.coveringAt(unitId, beijingToIso('2026-11-15', '02:30'));
    // Assess
    expect(replaced).toBe(true);
    expect(stored).toEqual(november);
    expect(smallHours).toEqual({
      dutyOfficer: {
        contactId: 'officer-2026-11-14-n',
        source: { kind: 'shift', shiftId: november[27].shiftId },
      },
      shiftLeader: { contactId: 'leader-2026-11-14-n', source: { kind: 'shift', shiftId: november[27].shiftId } },
      rostered: true,
    });
    expect(sent).toEqual(['QueryCommand']);
  });

  it('R-LADDER: coveringAt across a month and year end (2026-12-31 20:00 → 2027-01-01 08:00 Beijing), half-open', async () => {
    // Prepare
    const unitId = 'roster-unit-b';
    const december = dayAndNight(unitId, '2026-12-30', 2);
    const january = dayAndNight(unitId, '2027-01-01', 1);
    await rosters.replacePeriod(unitId, beijingMonthRange('2026-12').from, beijingMonthRange('2026-12').to, december);
    await rosters.replacePeriod(unitId, beijingMonthRange('2027-01').from, beijingMonthRange('2027-01').to, january);
    const { client, sent } = recording(table.documentClient);
    const reader = new RosterRepository(client, table.tableName);
    // Act
    const newYear = await reader.coveringAt(unitId, beijingToIso('2027-01-01', '00:00'));
    const lastMinute = await reader.coveringAt(unitId, beijingToIso('2027-01-01', '07:59'));
    const handover = await reader.coveringAt(unitId, beijingToIso('2027-01-01', '08:00'));
    // Assess
    expect(newYear.dutyOfficer?.contactId).toBe('officer-2026-12-31-n');
    expect(lastMinute.shiftLeader?.contactId).toBe('leader-2026-12-31-n');
    expect(handover.dutyOfficer?.contactId).toBe('officer-2027-01-01-d');
    expect(sent).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand']);
  });

  it('R-LADDER: an override beats the shift in coveringAt, still in one Query; the last recorded of two wins', async () => {
    // Prepare
    const unitId = 'roster-unit-c';
    const { from, to } = beijingMonthRange('2026-11');
    const shifts = dayAndNight(unitId, '2026-11-28', 1);
    await rosters.replacePeriod(unitId, from, to, shifts);
    const range = { startsAt: beijingToIso('2026-11-28', '22:00'), endsAt: beijingToIso('2026-11-29', '02:00') };
    const first = makeOverride({ unitId, role: 'duty-officer', contactId: 'stand-in-1', ...range }, new Date(1));
    const second = makeOverride({ unitId, role: 'duty-officer', contactId: 'stand-in-2', ...range }, new Date(2));
    const { client, sent } = recording(table.documentClient);
    const reader = new RosterRepository(client, table.tableName);
    // Act
    const added = [await rosters.addOverride(second), await rosters.addOverride(first)];
    const again = await rosters.addOverride(first);
    const during = await reader.coveringAt(unitId, beijingToIso('2026-11-29', '01:00'));
    const after = await reader.coveringAt(unitId, beijingToIso('2026-11-29', '02:00'));
    // Assess
    expect(added).toEqual([true, true]);
    expect(again).toBe(false);
    expect(during).toEqual({
      dutyOfficer: { contactId: 'stand-in-2', source: { kind: 'override', overrideId: second.overrideId } },
      shiftLeader: { contactId: 'leader-2026-11-28-n', source: { kind: 'shift', shiftId: shifts[1].shiftId } },
      rostered: true,
    });
    expect(after.dutyOfficer?.contactId).toBe('officer-2026-11-28-n');
    expect(sent).toEqual(['QueryCommand', 'QueryCommand']);
    expect(await rosters.overridesBetween(unitId, from, to)).toEqual(
      expect.arrayContaining([expect.objectContaining({ overrideId: first.overrideId })]),
    );
    expect(await rosters.shiftsBetween(unitId, from, to)).toEqual(shifts);
  });

  it('R-LADDER: replacing a period again keeps same-start shifts as one item, deletes the dropped ones, and leaves other periods alone', async () => {
    // Prepare
    const unitId = 'roster-unit-d';
    const november = beijingMonthRange('2026-11');
    const december = beijingMonthRange('2026-12');
    await rosters.replacePeriod(unitId, november.from, november.to, dayAndNight(unitId, '2026-11-29', 2));
    await rosters.replacePeriod(unitId, december.from, december.to, dayAndNight(unitId, '2026-12-01', 1));
    const changed = [shift(unitId, '2026-11-29', '08:00', '08:00', 'officer-all-day', 'leader-all-day')];
    // Act
    const replaced = await rosters.replacePeriod(unitId, november.from, november.to, changed);
    const again = await rosters.replacePeriod(unitId, november.from, november.to, changed);
    // Assess
    expect([replaced, again]).toEqual([true, true]);
    expect(await rosters.shiftsBetween(unitId, november.from, november.to)).toEqual(changed);
    expect(await rosters.shiftsBetween(unitId, december.from, december.to)).toEqual(
      dayAndNight(unitId, '2026-12-01', 1),
    );
    const items = (await table.allItems()).filter((item) => item.pk === `ROSTER#${unitId}`);
    expect(items).toHaveLength(3);
  });

  it('R-LADDER: a month of 62 shifts over one of 60 goes in transactions of at most 100 writes, puts before deletes, each conditional', async () => {
    // Prepare
    const unitId = 'roster-unit-e';
    const { from, to } = beijingMonthRange('2026-12');
    await rosters.replacePeriod(unitId, from, to, dayAndNight(unitId, '2026-12-01', 30));
    const { client, transactions } = transactionsApplied(table.documentClient);
    const writer = new RosterRepository(client, table.tableName);
    const next = dayAndNight(unitId, '2026-12-01', 31).map((s) => ({ ...s, dutyOfficerContactId: 'officer-new' }));
    // Shift every start by an hour: none of the old keys is kept, so 62 puts and 60 deletes.
    const moved = next.map((s) =>
      makeShift({
        ...s,
        startsAt: new Date(Date.parse(s.startsAt) + 3_600_000).toISOString(),
        endsAt: new Date(Date.parse(s.endsAt) + 3_600_000).toISOString(),
      }),
    );
    // Act
    const replaced = await writer.replacePeriod(unitId, from, to, moved);
    // Assess
    expect(replaced).toBe(true);
    expect(transactions.map((t) => t.TransactItems?.length)).toEqual([100, 22]);
    const writes = transactions.flatMap((t) => t.TransactItems ?? []);
    expect(writes.map((write) => (write.Put ? 'put' : 'delete'))).toEqual([
      ...Array<string>(62).fill('put'),
      ...Array<string>(60).fill('delete'),
    ]);
    expect(writes.every((write) => (write.Put ?? write.Delete)?.ConditionExpression)).toBe(true);
    expect(transactions.every((t) => typeof t.ClientRequestToken === 'string')).toBe(true);
    expect(await rosters.shiftsBetween(unitId, from, to)).toEqual(moved);
  });

  it('R-LADDER: a replacement that read the period before another one wrote it answers false and deletes nothing the other wrote', async () => {
    // Prepare
    const unitId = 'roster-unit-f';
    const { from, to } = beijingMonthRange('2026-11');
    await rosters.replacePeriod(unitId, from, to, dayAndNight(unitId, '2026-11-01', 1));
    // The other writer replaces the period between this one's read and its writes.
    const racing = new Proxy(table.documentClient, {
      get(target, property, receiver) {
        if (property !== 'send') return Reflect.get(target, property, receiver) as unknown;
        return async (command: unknown) => {
          const answer = await (target.send as (c: unknown) => Promise<unknown>)(command);
          if (command instanceof QueryCommand) {
            await rosters.replacePeriod(unitId, from, to, dayAndNight(unitId, '2026-11-02', 1));
          }
          return answer;
        };
      },
    });
    const late = new RosterRepository(racing, table.tableName, { writeMode: 'one-by-one' });
    // Act
    const replaced = await late.replacePeriod(unitId, from, to, dayAndNight(unitId, '2026-11-03', 1));
    // Assess
    expect(replaced).toBe(false);
    const stored = await rosters.shiftsBetween(unitId, from, to);
    expect(stored.map((s) => s.dutyOfficerContactId)).toEqual(
      expect.arrayContaining(['officer-2026-11-02-d', 'officer-2026-11-02-n']),
    );
  });

  it('R-LADDER: shifts outside the period, of another unit or longer than 24 h, and overrides longer than 24 h, are refused', async () => {
    // Prepare
    const unitId = 'roster-unit-g';
    const { from, to } = beijingMonthRange('2026-11');
    const outside = shift(unitId, '2026-12-01', '08:00', '20:00', 'a', 'b');
    const tooLong = makeShift({ ...outside, startsAt: '2026-11-10T00:00:00Z', endsAt: '2026-11-11T00:00:01Z' });
    const otherUnit = shift('roster-unit-x', '2026-11-10', '08:00', '20:00', 'a', 'b');
    const longOverride = makeOverride(
      {
        unitId,
        role: 'shift-leader',
        contactId: 'a',
        startsAt: '2026-11-10T00:00:00Z',
        endsAt: '2026-11-12T00:00:00Z',
      },
      new Date(0),
    );
    // Act, Assess
    await expect(rosters.replacePeriod(unitId, from, to, [outside, tooLong, otherUnit])).rejects.toMatchObject({
      name: 'InvalidRequestError',
      fieldProblems: [{ field: 'shifts[0].startsAt' }, { field: 'shifts[1].endsAt' }, { field: 'shifts[2].unitId' }],
    });
    await expect(rosters.addOverride(longOverride)).rejects.toThrow(InvalidRequestError);
    expect((await table.allItems()).filter((item) => item.pk === `ROSTER#${unitId}`)).toEqual([]);
  });
});
