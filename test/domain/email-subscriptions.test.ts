import { defaultDirectory } from '../../functions/domain/default-directory';
import type { Directory } from '../../functions/domain/directory';
import { emailStatusOf, subscriptionPlan, wantedSubscriptions } from '../../functions/domain/email-subscriptions';

const zone = defaultDirectory.units.find((unit) => unit.unitId === 'gaosheng-zone')!;
const directoryWith = (email: string | undefined, leaderEmail?: string): Directory => ({
  units: [
    {
      ...zone,
      contacts: {
        dutyContact: { ...zone.contacts.dutyContact, email },
        principalLeader: { ...zone.contacts.principalLeader, email: leaderEmail },
      },
    },
  ],
});

describe('issue 15 item 2: e-mail follows the directory (domain/email-subscriptions)', () => {
  it('each real address is wanted with the contacts that use it; placeholders only where asked; deactivated units none', () => {
    // Act
    const shared = wantedSubscriptions(directoryWith('Duty@Gaosheng.gov.cn', 'duty@gaosheng.gov.cn'));
    const placeholders = wantedSubscriptions(defaultDirectory);
    const local = wantedSubscriptions(defaultDirectory, { includePlaceholders: true });
    const deactivated = wantedSubscriptions({
      units: [{ ...directoryWith('duty@gaosheng.gov.cn').units[0], deactivatedAt: '2026-12-01T00:00:00.000Z' }],
    });
    // Assess
    expect([...shared]).toEqual([['duty@gaosheng.gov.cn', ['gaosheng-zone.duty', 'gaosheng-zone.leader']]]);
    expect(placeholders.size).toBe(0);
    expect(local.get('gaosheng-zone.duty@example.org')).toEqual(['gaosheng-zone.duty']);
    expect(deactivated.size).toBe(0);
  });

  it('a changed address: the new one subscribed, the old confirmed one removed; a changed filter re-filtered; a pending one left', () => {
    // Prepare
    const wanted = wantedSubscriptions(directoryWith('new@gaosheng.gov.cn', 'leader@gaosheng.gov.cn'));
    // Act
    const plan = subscriptionPlan(wanted, [
      { endpoint: 'old@gaosheng.gov.cn', subscriptionArn: 'sub-old', contactIds: ['gaosheng-zone.duty'] },
      { endpoint: 'leader@gaosheng.gov.cn', subscriptionArn: 'sub-leader', contactIds: ['someone-else'] },
      { endpoint: 'stale@gaosheng.gov.cn' },
    ]);
    // Assess
    expect(plan).toEqual({
      subscribe: [{ endpoint: 'new@gaosheng.gov.cn', contactIds: ['gaosheng-zone.duty'] }],
      refilter: [{ subscriptionArn: 'sub-leader', contactIds: ['gaosheng-zone.leader'] }],
      unsubscribe: [{ subscriptionArn: 'sub-old', endpoint: 'old@gaosheng.gov.cn' }],
    });
  });

  it('a topic that already matches the directory: nothing to do', () => {
    // Act
    const plan = subscriptionPlan(wantedSubscriptions(directoryWith('duty@gaosheng.gov.cn')), [
      { endpoint: 'duty@gaosheng.gov.cn', subscriptionArn: 'sub-1', contactIds: ['gaosheng-zone.duty'] },
    ]);
    // Assess
    expect(plan).toEqual({ subscribe: [], refilter: [], unsubscribe: [] });
  });

  it('the console shows each address confirmed, waiting for its owner, or not subscribed', () => {
    // Prepare
    const topic = [{ endpoint: 'a@x.cn', subscriptionArn: 'sub-a' }, { endpoint: 'b@x.cn' }];
    // Assess
    expect(emailStatusOf('A@x.cn', topic)).toBe('confirmed');
    expect(emailStatusOf('b@x.cn', topic)).toBe('pending');
    expect(emailStatusOf('c@x.cn', topic)).toBe('none');
    expect(emailStatusOf(undefined, topic)).toBe('none');
  });
});
