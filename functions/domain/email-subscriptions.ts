import { allContacts, isActive, type Directory } from './directory';

/**
 * Issue 15 item 2: e-mail follows the directory. Each address of an active unit's contact has one subscription of the
 * e-mail topic whose filter policy allows exactly the contacts that use it; everything else is removed. The plan is
 * decided here from what the topic holds; applying it again changes nothing (a crash half-way is finished by the next
 * run: after a change, after each deploy, and on a schedule).
 */

/** A subscription of the topic as SNS lists it. A pending one has no ARN yet (SNS answers `PendingConfirmation`). */
export interface TopicSubscription {
  endpoint: string;
  /** Absent while the owner has not confirmed it. */
  subscriptionArn?: string;
  /** The contact IDs its filter policy allows (confirmed ones only: SNS shows no attributes of a pending one). */
  contactIds?: string[];
}

export interface SubscriptionPlan {
  subscribe: { endpoint: string; contactIds: string[] }[];
  /** A confirmed subscription whose filter must change (contacts added to or removed from the address). */
  refilter: { subscriptionArn: string; contactIds: string[] }[];
  unsubscribe: { subscriptionArn: string; endpoint: string }[];
}

export type EmailStatus = 'confirmed' | 'pending' | 'none';

// RFC 2606 reserves these for examples: the shipped directory's placeholders are not subscribed in AWS.
const PLACEHOLDER_EMAIL = /@example\.(org|com|net)$/i;

/** Addresses as SNS compares them: case-insensitive. */
const normal = (address: string) => address.trim().toLowerCase();

/** Each address the directory wants subscribed, with the contacts that use it (sorted). */
export function wantedSubscriptions(
  directory: Directory,
  options: { includePlaceholders?: boolean } = {},
): Map<string, string[]> {
  const wanted = new Map<string, Set<string>>();
  const active = { units: directory.units.filter(isActive) };
  for (const contact of allContacts(active)) {
    if (!contact.email || (!options.includePlaceholders && PLACEHOLDER_EMAIL.test(contact.email))) continue;
    const address = normal(contact.email);
    wanted.set(address, (wanted.get(address) ?? new Set()).add(contact.contactId));
  }
  return new Map([...wanted].map(([address, ids]) => [address, [...ids].sort()]));
}

/** What to do to the topic so that it holds exactly the wanted subscriptions. */
export function subscriptionPlan(
  wanted: Map<string, string[]>,
  existing: readonly TopicSubscription[],
): SubscriptionPlan {
  const plan: SubscriptionPlan = { subscribe: [], refilter: [], unsubscribe: [] };
  const byAddress = new Map<string, TopicSubscription[]>();
  for (const subscription of existing) {
    const address = normal(subscription.endpoint);
    byAddress.set(address, [...(byAddress.get(address) ?? []), subscription]);
  }
  for (const [address, contactIds] of wanted) {
    const current = byAddress.get(address) ?? [];
    // Pending: SNS re-sends the confirmation on a new Subscribe; the filter is set when it is confirmed.
    if (current.length === 0) plan.subscribe.push({ endpoint: address, contactIds });
    const [keep, ...extra] = current.filter((subscription) => subscription.subscriptionArn);
    if (keep && (keep.contactIds ?? []).slice().sort().join() !== contactIds.join())
      plan.refilter.push({ subscriptionArn: keep.subscriptionArn!, contactIds });
    for (const duplicate of extra)
      plan.unsubscribe.push({ subscriptionArn: duplicate.subscriptionArn!, endpoint: address });
  }
  for (const [address, current] of byAddress) {
    if (wanted.has(address)) continue;
    // A pending subscription cannot be removed (it has no ARN); SNS drops it unconfirmed after three days.
    for (const subscription of current)
      if (subscription.subscriptionArn)
        plan.unsubscribe.push({ subscriptionArn: subscription.subscriptionArn, endpoint: address });
  }
  return plan;
}

/** Each address's state on the topic, for the directory page: confirmed by its owner, waiting, or not subscribed. */
export function emailStatusOf(address: string | undefined, existing: readonly TopicSubscription[]): EmailStatus {
  if (!address) return 'none';
  const current = existing.filter((subscription) => normal(subscription.endpoint) === normal(address));
  if (current.some((subscription) => subscription.subscriptionArn)) return 'confirmed';
  return current.length > 0 ? 'pending' : 'none';
}
