// Instagram webhook bodies as Meta posts them (object "instagram", entry id = the IG user id of
// the business account), for tests that go through the signed webhook.

/** One entry of messaging items from the customer `igsid`, a millisecond apart from `timestampMs` on. */
export function instagramWebhook(igUserId: string, igsid: string, events: Array<Record<string, unknown>>, timestampMs = Date.now()) {
  const messaging = events.map((event, i) => ({ sender: { id: igsid }, recipient: { id: igUserId }, timestamp: timestampMs + i, ...event }));
  return { object: 'instagram', entry: [{ id: igUserId, time: timestampMs, messaging }] };
}
