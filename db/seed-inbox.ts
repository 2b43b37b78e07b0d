// Demo inbox for a small coffee roaster: customers, conversations across channels and statuses over the last
// two weeks, and their messages (customer, agent, private notes, AI and system). Deterministic, so demos and
// screenshots look the same on every machine. Called by db/seed.ts inside its transaction.
import { sql } from 'drizzle-orm';
import type { Tx } from './client.js';
import { conversations, customers, messages, workspaceCounters } from './schema/inbox.js';

type Channel = (typeof conversations.$inferInsert)['channel'];
type Status = NonNullable<(typeof conversations.$inferInsert)['status']>;
/** c: customer, a: agent reply, n: agent's private note, ai: AI assistant, s: system */
type Line = ['c' | 'a' | 'n' | 'ai' | 's', string];

interface DemoConversation {
  customer: number;
  channel: Channel;
  status: Status;
  subject: string | null;
  /** Index into agentIds, or null for unassigned. */
  assignee: number | null;
  tags?: string[];
  aiActive?: boolean;
  notes?: string;
  /** When the conversation started, in hours before now. */
  hoursAgo: number;
  lines: Line[];
}

const CUSTOMERS = [
  { name: 'Maya Chen', email: 'maya@beanthere.example', phone: '+1 503 555 0142', company: 'Bean There Café', tags: ['wholesale'] },
  { name: 'Tom Becker', email: 'tom.becker@example.com', phone: null, company: null, tags: ['subscriber'] },
  { name: 'Priya Raman', email: 'priya.raman@example.com', phone: '+44 7700 900123', company: null, tags: ['subscriber', 'vip'] },
  { name: 'Lucas Silva', email: 'lucas@northside-offices.example', phone: '+1 415 555 0199', company: 'Northside Offices', tags: ['wholesale', 'office'] },
  { name: 'Hannah Okoye', email: 'hannah.okoye@example.com', phone: null, company: null, tags: ['subscriber'] },
  { name: 'Diego Alvarez', email: 'diego@cafealvarez.example', phone: '+34 612 555 804', company: 'Café Alvarez', tags: ['wholesale'] },
  { name: 'Emma Laurent', email: 'emma.laurent@example.fr', phone: null, company: null, tags: ['gift'] },
  { name: 'Kenji Watanabe', email: 'kenji.w@example.jp', phone: null, company: null, tags: [] },
  { name: 'Sofia Rossi', email: 'sofia.rossi@example.it', phone: '+39 347 555 2210', company: null, tags: ['subscriber'] },
  { name: 'Ahmed Farouk', email: null, phone: '+20 100 555 7788', company: null, tags: ['new'] },
  { name: 'Olivia Brooks', email: 'olivia@brooksbakery.example', phone: '+1 212 555 0134', company: 'Brooks Bakery', tags: ['wholesale', 'vip'] },
  { name: 'Jack Murphy', email: 'jack.murphy@example.com', phone: null, company: null, tags: [] },
];

const CONVERSATIONS: DemoConversation[] = [
  {
    customer: 0,
    channel: 'email',
    status: 'open',
    subject: 'Wholesale order for next week',
    assignee: 0,
    tags: ['wholesale', 'order'],
    hoursAgo: 3,
    lines: [
      ['c', 'Hi! Could we get 12 kg of the House Espresso and 5 kg of the Colombia Huila for next Tuesday?'],
      ['a', 'Hi Maya, absolutely. Both are roasting on Monday, so Tuesday delivery works. Same address as last time?'],
      ['c', 'Yes, same address. Can you also add two bags of decaf for the evening crowd?'],
      ['n', 'Decaf stock is low: 3 kg left. Check with roasting before confirming.'],
      ['c', 'Also, is the invoice on 30-day terms as usual?'],
    ],
  },
  {
    customer: 1,
    channel: 'web',
    status: 'open',
    subject: 'Subscription delivery missing',
    assignee: null,
    tags: ['subscription', 'shipping'],
    aiActive: true,
    hoursAgo: 5,
    lines: [
      ['c', 'My subscription box was supposed to arrive on Friday and it still has not shown up.'],
      [
        'ai',
        'Sorry about that, Tom! I can see your order #4821 shipped on Wednesday with tracking 1Z999AA10123456784. The carrier shows it at the local depot. Would you like me to ask a teammate to follow up?',
      ],
      ['c', 'Yes please, I am out of coffee :('],
      ['s', 'AI handed the conversation over to the team.'],
    ],
  },
  {
    customer: 2,
    channel: 'instagram',
    status: 'open',
    subject: null,
    assignee: 1,
    tags: ['vip'],
    hoursAgo: 8,
    lines: [
      ['c', 'Loved the Kenya AA in this month’s box! Will you have it again?'],
      ['a', 'So glad you liked it! We have one more roast of it next week, then it’s gone until the new harvest.'],
      ['c', 'Can I order 2 bags before it sells out?'],
    ],
  },
  {
    customer: 3,
    channel: 'email',
    status: 'pending',
    subject: 'Office coffee plan for 40 people',
    assignee: 0,
    tags: ['wholesale', 'office', 'quote'],
    hoursAgo: 26,
    notes: 'Decision maker is Lucas; budget approved for Q3. Wants a grinder on loan.',
    lines: [
      ['c', 'We are moving to a new office with about 40 people. What would a monthly plan look like?'],
      ['a', 'Great to hear from you, Lucas! For 40 people we usually suggest 8 kg a month. I’ll send a quote with a blend and a single origin option.'],
      ['n', 'Offer the grinder loan if they commit to 6 months.'],
      ['a', 'Quote attached: 8 kg/month, €19.50/kg, free delivery, grinder on loan with a 6-month plan.'],
      ['c', 'Thanks, I’ll run it past finance and come back to you this week.'],
    ],
  },
  {
    customer: 4,
    channel: 'whatsapp',
    status: 'open',
    subject: 'Change grind size',
    assignee: null,
    tags: ['subscription'],
    hoursAgo: 30,
    lines: [
      ['c', 'Hi, can I switch my subscription from whole bean to ground for French press?'],
      ['ai', 'Of course! I can change it to a coarse grind for French press starting with your next delivery on the 14th. Shall I go ahead?'],
      ['c', 'Yes please'],
    ],
  },
  {
    customer: 5,
    channel: 'telegram',
    status: 'closed',
    subject: 'Late invoice',
    assignee: 1,
    tags: ['billing'],
    hoursAgo: 50,
    lines: [
      ['c', 'We have not received the invoice for March yet.'],
      ['a', 'Sorry Diego, it got stuck in our outbox. I just re-sent it to diego@cafealvarez.example.'],
      ['c', 'Got it, thanks!'],
      ['a', 'You’re welcome. Closing this one, shout if anything else comes up.'],
    ],
  },
  {
    customer: 6,
    channel: 'facebook',
    status: 'open',
    subject: 'Gift card for my dad',
    assignee: null,
    tags: ['gift'],
    hoursAgo: 55,
    lines: [
      ['c', 'Do you sell gift cards? My dad loves dark roasts.'],
      [
        'a',
        'We do! Gift cards start at €25 and can be used for any bag or a subscription. The Sumatra Mandheling is our darkest roast if you want to suggest one.',
      ],
      ['c', 'Perfect. Can I add a personal message to it?'],
    ],
  },
  {
    customer: 7,
    channel: 'web',
    status: 'snoozed',
    subject: 'Brewing advice for V60',
    assignee: 0,
    tags: ['brewing'],
    hoursAgo: 75,
    lines: [
      ['c', 'My V60 brews taste sour with the Ethiopia Guji. Any tips?'],
      ['a', 'Sourness usually means under-extraction. Try a finer grind and water just off the boil (94–96 °C), 1:16 ratio, 3 minute total brew.'],
      ['c', 'I’ll try that this weekend and let you know.'],
      ['n', 'Snoozed until Monday to check back.'],
    ],
  },
  {
    customer: 8,
    channel: 'email',
    status: 'closed',
    subject: 'Pause subscription while travelling',
    assignee: 1,
    tags: ['subscription'],
    hoursAgo: 98,
    lines: [
      ['c', 'I am travelling in June. Can I pause my subscription for a month?'],
      ['a', 'Done! Your June delivery is skipped and July’s ships on the 3rd as usual.'],
      ['c', 'Grazie mille!'],
    ],
  },
  {
    customer: 9,
    channel: 'whatsapp',
    status: 'open',
    subject: 'Do you ship to Cairo?',
    assignee: null,
    tags: ['shipping'],
    aiActive: true,
    hoursAgo: 120,
    lines: [
      ['c', 'Hello, do you ship to Cairo?'],
      ['ai', 'Hi Ahmed! We ship to Egypt with DHL Express. Delivery takes 4–6 business days and costs €18 for up to 2 kg.'],
      ['c', 'And customs fees?'],
      ['ai', 'Customs duties are charged by Egyptian customs on delivery; we can’t pre-pay them. A teammate can give you an estimate if you like.'],
      ['c', 'Yes, please ask someone.'],
    ],
  },
  {
    customer: 10,
    channel: 'email',
    status: 'pending',
    subject: 'Bakery blend tasting samples',
    assignee: 0,
    tags: ['wholesale', 'samples'],
    hoursAgo: 140,
    lines: [
      ['c', 'We’d love to try a blend that pairs with our pastries. Could you send samples?'],
      ['a', 'With pleasure, Olivia! I’ll send three 250 g samples: House Espresso, Brazil Cerrado and our new Morning Blend.'],
      ['s', 'Sample order #S-112 created.'],
      ['a', 'Samples are on their way, tracking 00340434161094042557.'],
      ['c', 'Received, we’ll taste them on Thursday with the team.'],
      ['n', 'Follow up Friday. They order ~20 kg/month from a competitor.'],
    ],
  },
  {
    customer: 11,
    channel: 'api',
    status: 'open',
    subject: 'Order #5010: wrong bag received',
    assignee: 1,
    tags: ['order', 'refund'],
    hoursAgo: 160,
    lines: [
      ['c', 'I ordered the Guatemala Antigua but received a bag of decaf.'],
      ['a', 'So sorry Jack! We’ll send the right bag today, and you can keep the decaf.'],
      ['c', 'That’s kind, thank you. When will it arrive?'],
      ['a', 'It ships this afternoon; usually 2 days.'],
      ['c', 'Still nothing after 4 days…'],
    ],
  },
  {
    customer: 0,
    channel: 'whatsapp',
    status: 'closed',
    subject: 'Espresso machine service',
    assignee: 0,
    tags: ['wholesale', 'equipment'],
    hoursAgo: 190,
    lines: [
      ['c', 'Our espresso machine is pulling shots really slowly. Do you know a technician?'],
      ['a', 'Yes, we work with Marco from BrewFix. I’ll ask him to call you today.'],
      ['c', 'Marco came by, it was a blocked shower screen. All good now!'],
    ],
  },
  {
    customer: 2,
    channel: 'email',
    status: 'closed',
    subject: 'Update card details',
    assignee: 1,
    tags: ['billing', 'subscription'],
    hoursAgo: 215,
    lines: [
      ['c', 'My card expired, how do I update it?'],
      ['a', 'You can update it in your account under Billing, or I can send you a secure link.'],
      ['c', 'A link would be great.'],
      ['a', 'Sent! It’s valid for 24 hours.'],
      ['c', 'Updated, thanks.'],
    ],
  },
  {
    customer: 3,
    channel: 'web',
    status: 'open',
    subject: 'Oat milk for the office?',
    assignee: null,
    tags: ['office'],
    hoursAgo: 230,
    lines: [
      ['c', 'Do you also supply oat milk with the office plan?'],
      ['a', 'We don’t stock milk ourselves, but we can recommend a local supplier that delivers with us on the same day.'],
      ['c', 'That works, please send me their details.'],
    ],
  },
  {
    customer: 4,
    channel: 'instagram',
    status: 'closed',
    subject: null,
    assignee: null,
    hoursAgo: 250,
    lines: [
      ['c', 'Your latte art video was amazing! What milk pitcher do you use?'],
      ['ai', 'Thank you! Our baristas use a 600 ml Motta Europa pitcher.'],
      ['c', '🙏'],
    ],
  },
  {
    customer: 5,
    channel: 'email',
    status: 'open',
    subject: 'Price increase for next quarter',
    assignee: 0,
    tags: ['wholesale', 'pricing'],
    hoursAgo: 270,
    lines: [
      ['c', 'We heard green coffee prices are up. Will our wholesale price change next quarter?'],
      ['n', 'Pricing committee meets on the 20th; don’t commit to a number yet.'],
      ['a', 'Good question, Diego. We’re reviewing prices this month and will give you at least 30 days’ notice of any change.'],
      ['c', 'Appreciated. Could you lock the current price if we prepay 3 months?'],
    ],
  },
  {
    customer: 6,
    channel: 'tiktok',
    status: 'closed',
    subject: 'Collab request',
    assignee: 1,
    tags: ['marketing'],
    hoursAgo: 290,
    lines: [
      ['c', 'Hi! I make coffee videos (40k followers). Would you be up for a collab?'],
      ['a', 'Thanks for reaching out, Emma! Send us a few ideas at hello@ and we’ll take a look.'],
      ['c', 'Will do!'],
    ],
  },
  {
    customer: 8,
    channel: 'viber',
    status: 'pending',
    subject: 'Moka pot grind',
    assignee: null,
    tags: ['brewing'],
    hoursAgo: 310,
    lines: [
      ['c', 'Which grind should I choose for a moka pot?'],
      ['ai', 'For a moka pot choose “fine-medium”: a bit coarser than espresso so it doesn’t clog the filter.'],
      ['c', 'And which coffee would you recommend?'],
      ['a', 'Our Brazil Cerrado is lovely in a moka pot: chocolatey and low acidity. Want me to switch your next bag?'],
    ],
  },
  {
    customer: 11,
    channel: 'web',
    status: 'closed',
    subject: 'Account login problem',
    assignee: 0,
    tags: ['account'],
    hoursAgo: 330,
    lines: [
      ['c', 'I can’t log in to my account, the reset email never arrives.'],
      ['a', 'It looks like the emails were landing in spam. I’ve resent it. Could you check your spam folder?'],
      ['c', 'Found it, I’m in. Thanks!'],
      ['s', 'Conversation closed by Ava Agent.'],
    ],
  },
];

const LINE_GAP_MINUTES = [0, 7, 19, 42, 65, 93, 130, 171];

export async function seedInbox(
  tx: Tx,
  { workspaceId, agentIds }: { workspaceId: string; agentIds: string[] },
): Promise<{ customerIds: string[]; conversations: { id: string; customerId: string }[] }> {
  if (agentIds.length === 0) throw new Error('seedInbox needs at least one agent id');
  const now = Date.now();
  const at = (hoursAgo: number, plusMinutes = 0) => new Date(now - hoursAgo * 3_600_000 + plusMinutes * 60_000);

  const createdCustomers = await tx
    .insert(customers)
    .values(
      CUSTOMERS.map((c, i) => ({
        workspaceId,
        ...c,
        createdAt: at(24 * 30 - i * 20),
        updatedAt: at(24 * 30 - i * 20),
      })),
    )
    .returning({ id: customers.id });

  // Numbers continue the workspace's counter (1..20 in a fresh workspace), oldest conversation first.
  const [counter] = await tx
    .insert(workspaceCounters)
    .values({ workspaceId, name: 'conversation', value: CONVERSATIONS.length })
    .onConflictDoUpdate({
      target: [workspaceCounters.workspaceId, workspaceCounters.name],
      set: { value: sql`${workspaceCounters.value} + ${CONVERSATIONS.length}` },
    })
    .returning({ value: workspaceCounters.value });
  const firstNumber = counter!.value - CONVERSATIONS.length + 1;

  const ordered = [...CONVERSATIONS].sort((a, b) => b.hoursAgo - a.hoursAgo);
  const messageRows: (typeof messages.$inferInsert & { id: string; createdAt: Date })[] = [];
  const conversationRows: (typeof conversations.$inferInsert)[] = ordered.map((conv, index) => {
    const assigneeId = conv.assignee === null ? null : agentIds[conv.assignee % agentIds.length]!;
    const agentId = assigneeId ?? agentIds[0]!;
    const id = crypto.randomUUID();
    let unread = 0;
    conv.lines.forEach(([kind, content], i) => {
      const sender = kind === 'c' ? 'customer' : kind === 'ai' ? 'ai' : kind === 's' ? 'system' : 'agent';
      messageRows.push({
        id: crypto.randomUUID(),
        workspaceId,
        conversationId: id,
        senderType: sender,
        senderId: sender === 'agent' ? agentId : null,
        content,
        private: kind === 'n',
        createdAt: at(conv.hoursAgo, LINE_GAP_MINUTES[i] ?? i * 30),
      });
      // Customer messages since the last agent reply are unread.
      unread = kind === 'c' ? unread + 1 : kind === 'a' ? 0 : unread;
    });
    const last = messageRows[messageRows.length - 1]!;
    return {
      id,
      workspaceId,
      number: firstNumber + index,
      customerId: createdCustomers[conv.customer]!.id,
      channel: conv.channel,
      status: conv.status,
      subject: conv.subject,
      assigneeId,
      tags: conv.tags ?? [],
      notes: conv.notes ?? null,
      aiActive: conv.aiActive ?? false,
      unreadCount: conv.status === 'closed' ? 0 : unread,
      lastMessageId: last.id,
      lastMessagePreview: last.content,
      lastMessageSenderType: last.senderType,
      lastMessagePrivate: last.private ?? false,
      lastMessageAt: last.createdAt,
      sortAt: last.createdAt,
      createdAt: at(conv.hoursAgo),
      updatedAt: last.createdAt,
    };
  });

  await tx.insert(conversations).values(conversationRows);
  await tx.insert(messages).values(messageRows);
  return { customerIds: createdCustomers.map((c) => c.id), conversations: conversationRows.map((c) => ({ id: c.id!, customerId: c.customerId })) };
}
