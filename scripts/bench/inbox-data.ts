// bench:inbox's data: a busy inbox made in a few set-based statements (generate_series, no
// round trip per row). Deterministic ids (md5 of a name) tie contacts, identities and
// conversations together without joins. Bodies mix English, Hinglish and Hindi sentences with
// order ids and phone numbers, the way our first users' customers write.
import type { Knex } from 'knex';
import type { Db } from '../../server/db/knex.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { encryptSecret } from '../../server/lib/crypto.ts';
import { ACCOUNT_TOKEN } from '../../server/secrets/bindings.ts';

export interface InboxShape {
  conversations: number;
  /** The first `hot` conversations hold `hotMessages` messages each (the thread benchmark opens one). */
  hot: number;
  hotMessages: number;
  /** Every other conversation holds base + (i % spread) messages. */
  base: number;
  spread: number;
}

/** 100,000 conversations and 2,000,000 messages: 10 with 5,000 messages, the rest 10 to 29 (19.5 on average). */
export const BENCH_SHAPE: InboxShape = { conversations: 100_000, hot: 10, hotMessages: 5_000, base: 10, spread: 20 };

export interface InboxFixture {
  accountIds: string[];
  /** The WhatsApp account on the simulator's number: replies go there. */
  replyAccountId: string;
  agentIds: string[];
  labelIds: string[];
  hotConversationId: string;
}

const ENGLISH = [
  'Hi, where is my order? It was supposed to arrive yesterday',
  'Can you share the tracking link for my order please',
  'I want to return the shoes, the size is too small',
  'Is the blue kurta available in size L?',
  'Thanks a lot, received the parcel today',
  'The payment failed but money got deducted from my account',
  'Please cancel my order, I ordered the wrong colour',
  'What are your store timings on Sunday?',
  'Do you deliver to Pune? How many days does it take',
  'The product quality is really good, will order again',
  'I need an invoice with GST for my company',
  'Can I change the delivery address for my order',
  'My refund has not come yet, it has been ten days',
  'Is cash on delivery available for this pincode?',
  'Your delivery boy was very rude today',
];
const HINGLISH = [
  'Bhai mera order kab tak aayega?',
  'Payment ho gaya hai, please confirm kar do',
  'Size exchange karna hai, kaise hoga?',
  'Kal tak delivery ho jayegi kya?',
  'Refund abhi tak nahi aaya, kya status hai',
  'Ye product stock mein hai ya nahi?',
  'Mujhe bill chahiye GST wala',
  'Order cancel kar do please, galti se ho gaya',
  'Address change karna hai, naya address bhejta hoon',
  'Thank you ji, parcel mil gaya',
  'COD available hai kya mere area mein?',
  'Discount code kaam nahi kar raha',
];
const HINDI = [
  'मेरा ऑर्डर कब तक आएगा?',
  'पेमेंट हो गया है, कृपया पुष्टि करें',
  'मुझे रिफंड चाहिए, सामान खराब निकला',
  'डिलीवरी कल तक हो जाएगी क्या?',
  'क्या यह साइज़ उपलब्ध है?',
  'धन्यवाद, पार्सल मिल गया',
  'ऑर्डर रद्द कर दीजिए',
  'बिल भेज दीजिए GST वाला',
  'पता बदलना है, नया पता भेज रहा हूँ',
  'कैश ऑन डिलीवरी मिलेगी क्या?',
];
const REPLIES = [
  'Your order has been shipped and will reach you in 2-3 days',
  'We have initiated the refund, it will reflect in 5-7 working days',
  'Sorry for the trouble, we are checking this with the courier',
  'Yes, it is available. Shall I place the order for you?',
  'Aapka order dispatch ho gaya hai',
  'आपका रिफंड शुरू कर दिया गया है',
  'Please share your order id so we can check',
];
const FIRST = ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Sneha', 'Arjun', 'Kavya', 'Rahul', 'Pooja', 'Amit', 'Neha', 'Sanjay', 'Divya', 'Karan', 'Meera', 'Imran', 'Fatima', 'Gurpreet', 'Lakshmi'];
const LAST = ['Sharma', 'Patel', 'Reddy', 'Singh', 'Iyer', 'Khan', 'Gupta', 'Nair', 'Das', 'Mehta', 'Joshi', 'Kulkarni', 'Banerjee', 'Verma'];
const LABELS = ['Refund', 'Return', 'VIP', 'Wholesale', 'Complaint', 'COD', 'Bulk order', 'Follow up', 'Payment issue', 'New customer'];

// Inlined as SQL literals; knex reads a bare ? as a binding, so it is escaped.
const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x.replace(/'/g, "''").replace(/\?/g, '\\?')}'`).join(',')}]::text[]`;
const pick = (xs: string[]) => `(${sqlArray(xs)})[1 + floor(random() * ${xs.length})::int]`;

/** Fills the (migrated, otherwise empty) database: accounts, agents, labels, then the bulk. Returns what the measurements need. */
export interface GenerateOptions {
  encryptionKey: Buffer;
  replyPnid: string;
  token: string;
  /** The admin the bench signs in as (the app creates one only in a database without users). */
  admin: { email: string; password: string };
}

export async function generateInbox(db: Db, shape: InboxShape, opts: GenerateOptions): Promise<InboxFixture> {
  const fx = await db.transaction(async (trx) => {
    // Minutes of work in a few statements: past the app's one-minute statement bound.
    await trx.raw("set local statement_timeout = 0; set local work_mem = '256MB'");
    return fill(trx, shape, opts);
  });
  await db.raw('analyze');
  return fx;
}

async function fill(db: Knex, shape: InboxShape, opts: GenerateOptions): Promise<InboxFixture> {
  const { id: ws } = await db('workspaces').where({ is_default: true }).first('id');
  await db('users').insert({ workspace_id: ws, email: opts.admin.email, name: 'Bench admin', password_hash: await hashPassword(opts.admin.password), role: 'admin', availability: 'online' });
  const tokenEnc = encryptSecret(opts.encryptionKey, opts.token, ACCOUNT_TOKEN);
  const accounts = await db('channel_accounts')
    .insert([
      { channel: 'whatsapp', display_name: 'Sales', external_id: opts.replyPnid, waba_id: '9001', display_phone_number: '+91 98200 00001' },
      { channel: 'whatsapp', display_name: 'Support', external_id: '5550000000002', waba_id: '9001', display_phone_number: '+91 98200 00002' },
      { channel: 'whatsapp', display_name: 'Delhi store', external_id: '5550000000003', waba_id: '9002', display_phone_number: '+91 98200 00003' },
      { channel: 'instagram', display_name: 'Shop IG', external_id: '17841400000000001', handle: '@shop' },
      { channel: 'messenger', display_name: 'Shop Page', external_id: '100000000000001', handle: 'Shop' },
    ].map((a) => ({ ...a, workspace_id: ws, access_token_enc: tokenEnc })))
    .returning('id');
  const accountIds = accounts.map((a) => a.id as string);
  const agents = await db('users')
    .insert(Array.from({ length: 8 }, (_, i) => ({ workspace_id: ws, email: `agent${i}@bench.example`, name: `${FIRST[i]} ${LAST[i]}`, role: 'agent', availability: 'online' })))
    .returning('id');
  const agentIds = agents.map((a) => a.id as string);
  const labels = await db('labels')
    .insert(LABELS.map((name, i) => ({ workspace_id: ws, name, color: `#${(0x305080 + i * 0x101010).toString(16)}` })))
    .returning('id');
  const labelIds = labels.map((l) => l.id as string);

  const n = shape.conversations;
  // i % 10 picks the account: 0-3 Sales, 4-5 Support, 6 Delhi, 7-8 Instagram, 9 Messenger.
  const accountOf = `(array['${accountIds[0]}','${accountIds[0]}','${accountIds[0]}','${accountIds[0]}','${accountIds[1]}','${accountIds[1]}','${accountIds[2]}','${accountIds[3]}','${accountIds[3]}','${accountIds[4]}']::uuid[])[1 + i % 10]`;
  const channelOf = `(case when i % 10 < 7 then 'whatsapp' when i % 10 < 9 then 'instagram' else 'messenger' end)`;
  await db.raw('select setseed(0.42)');
  await db.raw(`insert into contacts (id, workspace_id, name)
    select md5('contact' || i)::uuid, ?, case when i % 4 = 0 then null else ${pick(FIRST)} || ' ' || ${pick(LAST)} end
      from generate_series(1, ?) i`, [ws, n]);
  await db.raw(`insert into contact_identities (id, workspace_id, contact_id, channel, external_id, profile_name)
    select md5('identity' || i)::uuid, ?, md5('contact' || i)::uuid, ${channelOf},
           case when i % 10 < 7 then (919000000000 + i::bigint * 7919)::text else (6000000000000000 + i::bigint * 104729)::text end,
           ${pick(FIRST)}
      from generate_series(1, ?) i`, [ws, n]);
  // States: 25% open, 10% pending, 5% snoozed, 53% resolved, 7% archived. Open and pending ones
  // are from the last 3 days, the others from the last 88 (the inbox keeps 90 days of messages),
  // more of them recent; half of the open and pending unread; the unassigned open ones with the
  // bots paused wait for a person (a third of them unread).
  await db.raw(`insert into conversations (id, workspace_id, account_id, identity_id, status, snoozed_until, resolved_at, archived_at,
                                           assignee_id, assigned_at, bot_paused_at, bot_paused_reason, unread_count, last_message_at, last_message_preview, created_at)
    select id, ?, account_id, identity_id, status,
           case when status = 'snoozed' then now() + interval '2 days' end,
           case when status = 'resolved' then at end, case when status = 'archived' then at end,
           assignee, case when assignee is not null then at - interval '1 hour' end,
           case when paused then at end, case when paused then 'customer_request' end,
           case when status in ('open', 'pending') and r >= 0.2 and r < 0.7 then 1 + (i % 5) else 0 end,
           at, ${pick(ENGLISH)}, at - interval '30 days'
      from (select i, md5('conversation' || i)::uuid as id, ${accountOf} as account_id, md5('identity' || i)::uuid as identity_id, r, status,
                   case when status in ('open', 'pending', 'snoozed') then now() - random() * interval '3 days'
                        else now() - power(random(), 1.5) * interval '88 days' end as at,
                   case when (status = 'resolved' and r < 0.8) or (status in ('open', 'pending', 'snoozed') and r < 0.6)
                        then (?::uuid[])[1 + i % ?] end as assignee,
                   status = 'open' and r >= 0.6 and r < 0.75 as paused
              from (select i, random() as r, case when i <= ? then 'open' else (array['open','open','open','open','open','pending','pending','snoozed','resolved','resolved',
                     'resolved','resolved','resolved','resolved','resolved','resolved','resolved','resolved','archived','resolved'])[1 + floor(random() * 20)::int] end as status
                      from generate_series(1, ?) i) s) t`,
  [ws, agentIds, agentIds.length, shape.hot, n]);
  await db.raw(`insert into conversation_labels (conversation_id, label_id)
    select md5('conversation' || i)::uuid, (?::uuid[])[1 + i % ?] from generate_series(1, ?) i where i % 10 < 3
    union all
    select md5('conversation' || i)::uuid, (?::uuid[])[1 + (i / 10) % ?] from generate_series(1, ?) i where i % 10 = 0 and (i / 10) % 10 <> 0`,
  [labelIds, labelIds.length, n, labelIds, labelIds.length, n]);

  const { rows: hot } = await db.raw('select md5(\'conversation\' || i)::uuid as id from generate_series(1, ?) i', [shape.hot]);
  const hotIds: string[] = hot.map((r: { id: string }) => r.id);
  // Messages oldest first (ids follow time, as in life), ending at the conversation's last activity.
  const customer = `case when x < 0.4 then ${pick(ENGLISH)} when x < 0.7 then ${pick(HINGLISH)} else ${pick(HINDI)} end
    || case when y < 0.12 then ' ORD-' || lpad(floor(random() * 1000000)::text, 6, '0')
            when y < 0.20 then ' call me on 9' || lpad(floor(random() * 1000000000)::text, 9, '0')
            when y < 0.20001 then ' the zirconia ring' else '' end`;
  await db.raw(`insert into messages (workspace_id, account_id, conversation_id, identity_id, direction, type, body, status, status_rank, sent_at, created_at, sent_by_user_id)
    select workspace_id, account_id, conversation_id, identity_id, direction, 'text',
           case when direction = 'inbound' then ${customer} when direction = 'note' then 'Note: ' || ${pick(ENGLISH)} else ${pick(REPLIES)} end,
           case when direction = 'inbound' then 'received' when direction = 'note' then 'sent' else 'read' end,
           case when direction = 'inbound' then 0 else 30 end, at, at,
           case when direction <> 'inbound' and assignee_id is not null and s % 3 = 0 then assignee_id end
      from (select c.workspace_id, c.account_id, c.id as conversation_id, c.identity_id, c.assignee_id, s, random() as x, random() as y,
                   case when s % 17 = 0 then 'note' when s % 2 = 1 or s = k then 'inbound' else 'outbound' end as direction,
                   c.last_message_at - (k - s) * interval '3 minutes' as at
              from (select c.*, case when c.id = any(?::uuid[]) then ? else ? + abs(hashtext(c.id::text)) % ? end as k
                      from conversations c where workspace_id = ?) c
              cross join lateral generate_series(1, c.k) s) m
     order by at`,
  [hotIds, shape.hotMessages, shape.base, shape.spread, ws]);
  return { accountIds, replyAccountId: accountIds[0]!, agentIds, labelIds, hotConversationId: hotIds[0]! };
}
