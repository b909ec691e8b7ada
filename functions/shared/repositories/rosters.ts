import type { DutyCoverage } from '../../domain/duty-resolution';
import { createHash, randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidRequestError, type FieldProblem } from '../../domain/errors';
import { MAX_SHIFT_MS, onDutyAt, type RosterOverride, type Shift } from '../../domain/roster';
import { isConditionFailure, storeFailure, TableRepository, withoutInternalAttributes } from '../table';
import { keys, ROSTER_PARTITION_PREFIX, ROSTER_SORT_PREFIX } from '../table-design';

/** DynamoDB's limit on the items of one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;
const SHIFT_ITEM = 'roster-shift';
const OVERRIDE_ITEM = 'roster-override';
// Sorts after `SHIFT#…` and `OVERRIDE#…`: the upper bound of "every item that starts at T".
const AFTER_EVERY_ITEM_OF_AN_INSTANT = '#~';

/**
 * How `replacePeriod` writes. `transactions` (AWS): each ≤ 100 writes commit together. `one-by-one`: the same
 * conditional writes, each alone, for dynalite (the local runtime and the tests), which has no transactions.
 */
export type RosterWriteMode = 'transactions' | 'one-by-one';

type Write = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * R-LADDER: duty rosters (值班表), one partition per unit (`ROSTER#<unitId>`). Shifts and overrides both sort by
 * their start under `DUTY#<startsAt>#…` (`SHIFT#<shiftId>` or `OVERRIDE#<overrideId>` after it) — not under two
 * prefixes `SHIFT#`/`OVERRIDE#`, because a key condition takes one range of the sort key: with two prefixes, one
 * range from `OVERRIDE#<T − 24 h>` to `SHIFT#<T>` would read every later override and every earlier shift ever
 * stored. With the start first, "who is on duty at T" is one bounded query: whatever started in [T − 24 h, T]
 * (no shift or override lasts longer than `MAX_SHIFT_MS`, the domain refuses longer ones) — about two shifts and
 * the few overrides among them.
 */
export class RosterRepository extends TableRepository {
  private readonly writeMode: RosterWriteMode;

  public constructor(
    documentClient: DynamoDBDocumentClient,
    tableName: string,
    options: { writeMode?: RosterWriteMode } = {},
  ) {
    super(documentClient, tableName);
    this.writeMode = options.writeMode ?? 'transactions';
  }

  /**
   * R-LADDER: the PUT of a period — the unit's shifts that start in [from, to) become exactly `shifts` (validated
   * by the caller with `validateShifts`; the period and the length are checked again here, `coveringAt` relies on
   * them). New shifts are written first and the period's other shifts deleted after, so a reader between two
   * transactions sees old and new shifts side by side (the later start wins, `onDutyAt`), never a hole.
   *
   * Every write is conditional on the item being as it was read (its `revision`, or absent): false when another
   * replacement of the period got in between — nothing that one wrote is overwritten or deleted. Writes before
   * the failed one (earlier transactions; every earlier write in `one-by-one`) stay: the period may then hold
   * shifts of both, so the caller reads again and retries, which converges (a month re-imported with the same
   * starts is ≤ 100 puts: one transaction, all or nothing).
   * @throws {InvalidRequestError} naming a shift of another unit, outside the period, or longer than 24 h.
   */
  public async replacePeriod(unitId: string, from: string, to: string, shifts: readonly Shift[]): Promise<boolean> {
    checkShifts(unitId, from, to, shifts);
    const existing = new Map(
      (await this.itemsStartingIn(unitId, from, to, SHIFT_ITEM)).map((item) => [item.sk as string, item]),
    );
    const revision = randomBytes(8).toString('hex');
    const revisionName = { '#revision': 'revision' };
    const puts: Write[] = shifts.map((shift) => {
      const key = shiftKey(shift);
      const seen = existing.get(key.sk)?.revision as string | undefined;
      return {
        Put: {
          TableName: this.tableName,
          Item: {
            ...shift,
            startsAt: canonical(shift.startsAt),
            endsAt: canonical(shift.endsAt),
            ...key,
            itemType: SHIFT_ITEM,
            revision,
          },
          ...(seen === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#revision = :seen',
                ExpressionAttributeNames: revisionName,
                ExpressionAttributeValues: { ':seen': seen },
              }),
        },
      };
    });
    const kept = new Set(shifts.map((shift) => shiftKey(shift).sk));
    const deletes: Write[] = [...existing.values()]
      .filter((item) => !kept.has(item.sk as string))
      .map((item) => ({
        Delete: {
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          ConditionExpression: '#revision = :seen',
          ExpressionAttributeNames: revisionName,
          ExpressionAttributeValues: { ':seen': item.revision },
        },
      }));
    return this.writeAll([...puts, ...deletes]);
  }

  /**
   * R-LADDER: records a swap or stand-in; false when one with that ID exists (a retried request).
   * @throws {InvalidRequestError} when it ends before it starts or lasts longer than a shift may.
   */
  public async addOverride(override: RosterOverride): Promise<boolean> {
    const problems = lengthProblems('', override);
    if (problems.length > 0) throw new InvalidRequestError(problems);
    const startsAt = canonical(override.startsAt);
    return this.putNew(keys.rosterOverride(override.unitId, startsAt, override.overrideId), OVERRIDE_ITEM, {
      ...override,
      startsAt,
      endsAt: canonical(override.endsAt),
    });
  }

  /**
   * R-LADDER: who is on duty in the unit at `at` — ONE Query: every shift and override that started in
   * [at − 24 h, at] (see the class), resolved by the domain's `onDutyAt`.
   */
  public async coveringAt(unitId: string, at: Date | string): Promise<DutyCoverage> {
    const until = canonical(at);
    const since = new Date(Date.parse(until) - MAX_SHIFT_MS).toISOString();
    const items = await this.queryAllPages({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `${ROSTER_PARTITION_PREFIX}${unitId}`,
        ':from': `${ROSTER_SORT_PREFIX}${since}`,
        ':to': `${ROSTER_SORT_PREFIX}${until}${AFTER_EVERY_ITEM_OF_AN_INSTANT}`,
      },
      ConsistentRead: true,
    });
    const shifts = items.filter((item) => item.itemType === SHIFT_ITEM).map((item) => asDomain<Shift>(item));
    const overrides = items
      .filter((item) => item.itemType === OVERRIDE_ITEM)
      .map((item) => asDomain<RosterOverride>(item));
    // A unit that had a shift in the last 24 h keeps a roster: no shift now is a gap, not a unit without one.
    return { ...onDutyAt(shifts, overrides, until), rostered: shifts.length > 0 };
  }

  /** R-LADDER: the unit's shifts that start in [from, to), by start (a month for the export: its 1st to the next). */
  public async shiftsBetween(unitId: string, from: string, to: string): Promise<Shift[]> {
    return (await this.itemsStartingIn(unitId, from, to, SHIFT_ITEM)).map((item) => asDomain<Shift>(item));
  }

  /** R-LADDER: the unit's overrides that start in [from, to), by start. */
  public async overridesBetween(unitId: string, from: string, to: string): Promise<RosterOverride[]> {
    return (await this.itemsStartingIn(unitId, from, to, OVERRIDE_ITEM)).map((item) => asDomain<RosterOverride>(item));
  }

  /** The raw items of one type that start in [from, to): one range of the unit's partition. */
  private async itemsStartingIn(
    unitId: string,
    from: string,
    to: string,
    itemType: string,
  ): Promise<Record<string, unknown>[]> {
    const end = canonical(to);
    const items = await this.queryAllPages({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': `${ROSTER_PARTITION_PREFIX}${unitId}`,
        ':from': `${ROSTER_SORT_PREFIX}${canonical(from)}`,
        ':to': `${ROSTER_SORT_PREFIX}${end}`,
      },
      ConsistentRead: true,
    });
    // BETWEEN is inclusive; an item starting exactly at `to` sorts after `DUTY#<to>` anyway, but say so.
    return items.filter((item) => item.itemType === itemType && (item.startsAt as string) < end);
  }

  /** Runs the writes in order; false at the first whose condition failed. */
  private async writeAll(writes: Write[]): Promise<boolean> {
    if (this.writeMode === 'one-by-one') {
      for (const write of writes) if (!(await this.writeOne(write))) return false;
      return true;
    }
    for (let start = 0; start < writes.length; start += TRANSACTION_ITEMS) {
      const chunk = writes.slice(start, start + TRANSACTION_ITEMS);
      // The same token for the SDK's own retry of this chunk: a retry after a lost answer then succeeds instead
      // of failing the conditions its first attempt already moved.
      const token = createHash('sha256').update(JSON.stringify(chunk)).digest('hex').slice(0, 36);
      try {
        await this.documentClient.send(new TransactWriteCommand({ TransactItems: chunk, ClientRequestToken: token }));
      } catch (error) {
        if (isTransactionConditionFailure(error)) return false;
        throw storeFailure('TransactWriteItems', String(chunk.length), error);
      }
    }
    return true;
  }

  private async writeOne(write: Write): Promise<boolean> {
    try {
      if (write.Put) await this.documentClient.send(new PutCommand(write.Put));
      else if (write.Delete) await this.documentClient.send(new DeleteCommand(write.Delete));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      const { pk, sk } = (write.Put?.Item ?? write.Delete?.Key) as { pk: string; sk: string };
      throw storeFailure(write.Put ? 'PutItem' : 'DeleteItem', { pk, sk }, error);
    }
  }
}

function canonical(instant: string | Date): string {
  return new Date(instant).toISOString();
}

function shiftKey(shift: Shift): { pk: string; sk: string } {
  return keys.rosterShift(shift.unitId, canonical(shift.startsAt), shift.shiftId);
}

function asDomain<T>(item: Record<string, unknown>): T {
  const { revision: _revision, ...rest } = withoutInternalAttributes<Record<string, unknown>>(item);
  return rest as T;
}

function lengthProblems(path: string, range: { startsAt: string; endsAt: string }): FieldProblem[] {
  const length = Date.parse(range.endsAt) - Date.parse(range.startsAt);
  if (Number.isNaN(length)) return [{ field: `${path}startsAt`, message: 'Must be an ISO 8601 instant' }];
  if (length <= 0) return [{ field: `${path}endsAt`, message: 'Must be after startsAt' }];
  if (length > MAX_SHIFT_MS) {
    return [{ field: `${path}endsAt`, message: `Must be at most ${MAX_SHIFT_MS / 3_600_000} hours after startsAt` }];
  }
  return [];
}

function checkShifts(unitId: string, from: string, to: string, shifts: readonly Shift[]): void {
  const problems = shifts.flatMap((shift, index) => {
    const path = `shifts[${index}].`;
    const start = Date.parse(shift.startsAt);
    return [
      ...(shift.unitId === unitId ? [] : [{ field: `${path}unitId`, message: `Must be ${unitId}` }]),
      ...(start >= Date.parse(from) && start < Date.parse(to)
        ? []
        : [{ field: `${path}startsAt`, message: `Must be in [${from}, ${to})` }]),
      ...lengthProblems(path, shift),
    ];
  });
  if (problems.length > 0) throw new InvalidRequestError(problems);
}

/** A transaction cancelled because one of its conditions failed (not throttled, not in conflict with another). */
function isTransactionConditionFailure(error: unknown): boolean {
  const cancelled = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return (
    cancelled?.name === 'TransactionCanceledException' &&
    (cancelled.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed')
  );
}
