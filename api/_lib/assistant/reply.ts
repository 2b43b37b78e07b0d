// The AI assistant's answer to a customer message (API.md "Channels, the web widget and the AI assistant"),
// run by the `message.created` subscriber (subscriber.ts) after the message committed, once per delivery of
// the event. While the conversation's aiActive is on it either answers (an `ai` message, which insertMessage
// sends out through the conversation's channel) or hands over to the team: aiActive off, a system message
// `ai.handover` and a notification to the assignee (else every agent, admin and owner). It hands over when the
// customer asks for a person (a phrase check before any model call), when the model calls its `handoff`
// tool, when it already answered ASSISTANT_MAX_TURNS times in a row without a person writing, and when the AI
// API fails ("the assistant is unavailable").
//
// The model is called outside any transaction; the answer is then written in one transaction that locks the
// conversation and claims the customer message in assistant_answers, so a redelivered event (or two
// dispatches of it at once) makes one answer, and an agent who switched the assistant off meanwhile wins.
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { AI_HANDOVER_EVENT, ASSISTANT_MAX_TURNS } from '../../../contracts/assistant.js';
import { MESSAGE_MAX_LENGTH } from '../../../contracts/conversations.js';
import type { Db, Tx } from '../../../db/client.js';
import { assistantAnswers, assistantSettings } from '../../../db/schema/assistant.js';
import { memberships, workspaces } from '../../../db/schema/identity.js';
import { conversations, customers, messages } from '../../../db/schema/inbox.js';
import { products } from '../../../db/schema/products.js';
import { database } from '../db.js';
import { serverEnv } from '../env.js';
import { withEvents, workspaceEvent, type DomainEvent, type EventOrigin } from '../events/outbox.js';
import { insertMessage } from '../inbox/service.js';
import { createNotifications } from '../notifications/service.js';

/** The messages of the conversation the model reads (newest, oldest first). */
export const HISTORY_MESSAGES = 20;
/** Products listed in the system prompt (active ones, by name). */
export const PROMPT_PRODUCTS = 50;
export const AI_TIMEOUT_MS = 20_000;

export const HANDOVER_REASONS = {
  asked: 'the customer asked for a person',
  tool: 'the assistant could not help with this',
  turns: `the assistant answered ${ASSISTANT_MAX_TURNS} times without resolving it`,
  unavailable: 'the assistant is unavailable',
} as const;

/** What the customer is told when the assistant hands over (sent through the channel like any reply). */
export const HANDOVER_REPLY = 'I am passing you to a person from our team: they will answer here as soon as they can.';

// Asking for a person, in the languages a phrase list covers cheaply. Whole words, or word stems where the
// language inflects (Slavic cases). Checked before any model call, so it works with the model down too.
const WORDS = [
  // English
  'human',
  'humans',
  'person',
  'real person',
  'agent',
  'operator',
  'representative',
  'someone real',
  'somebody real',
  'customer service',
  // Spanish, Portuguese, Italian, French, German, Dutch, Polish
  'humano',
  'persona',
  'agente',
  'operador',
  'atendente',
  'pessoa',
  'umano',
  'operatore',
  'humain',
  'personne',
  'opérateur',
  'conseiller',
  'mensch',
  'mitarbeiter',
  'mitarbeiterin',
  'mens',
  'medewerker',
  'człowiek',
  'konsultant',
];
const STEMS = ['людин', 'человек', 'оператор', 'менеджер', 'консультант', 'живого', 'живий', 'живой'];
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const PERSON_PATTERN = new RegExp(`(?<!\\p{L})(?:${WORDS.map(escape).join('|')})(?!\\p{L})|(?<!\\p{L})(?:${STEMS.map(escape).join('|')})\\p{L}*`, 'iu');

/** Whether a customer's message asks for a person (deterministic; before the model is asked). */
export function asksForPerson(text: string): boolean {
  return PERSON_PATTERN.test(text.normalize('NFC'));
}

interface Target {
  workspaceId: string;
  conversationId: string;
  messageId: string;
}

type Decision = { kind: 'answer'; content: string } | { kind: 'handover'; reason: string };

interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const HANDOFF_TOOL = {
  type: 'function',
  function: {
    name: 'handoff',
    description:
      'Hand the conversation to a person from the team. Call it when the customer asks for a person, when you cannot help with what they need from the information you have, or when they are upset.',
    parameters: {
      type: 'object',
      properties: { reason: { type: 'string', description: 'Why, in a few words (shown to the team).' } },
      required: ['reason'],
      additionalProperties: false,
    },
  },
} as const;

function formatPrice(minor: number, currency: string): string {
  try {
    const format = new Intl.NumberFormat('en', { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** The system message: who it is, how to behave, the knowledge text and the products. */
export function systemPrompt(input: {
  workspaceName: string;
  knowledge: string;
  products: Array<{ name: string; price: number; currency: string; stock: number | null }>;
}): string {
  const lines = [
    `You are the customer-support assistant of ${input.workspaceName}, answering its customers in a chat.`,
    'Answer briefly (a few sentences at most), in the language the customer writes in, using only the information below and the conversation. Never invent prices, stock, policies, delivery dates or promises.',
    'Call the `handoff` tool instead of answering when the customer asks for a person, when you cannot help with what they need from this information, or when they are upset.',
    '',
    'What the business wants you to know:',
    input.knowledge.trim() || '(nothing yet)',
    '',
  ];
  if (input.products.length > 0) {
    lines.push('Products (name: price, stock):');
    for (const p of input.products) {
      const stock = p.stock === null ? 'available' : p.stock > 0 ? `${p.stock} in stock` : 'out of stock';
      lines.push(`- ${p.name.replace(/\s+/g, ' ')}: ${formatPrice(p.price, p.currency)}, ${stock}`);
    }
  } else {
    lines.push('Products: none listed.');
  }
  return lines.join('\n');
}

class AiUnavailable extends Error {}

/** One Chat Completions call; the model's answer or its handoff. Throws AiUnavailable on any failure. */
async function complete(chat: ChatMessage[]): Promise<Decision> {
  const ai = serverEnv().ai!;
  let response: Response;
  try {
    response = await fetch(`${ai.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ai.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: ai.model, messages: chat, tools: [HANDOFF_TOOL], tool_choice: 'auto' }),
      signal: AbortSignal.timeout(AI_TIMEOUT_MS),
    });
  } catch (err) {
    throw new AiUnavailable(err instanceof Error ? err.message : String(err));
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new AiUnavailable(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  let body: { choices?: Array<{ message?: { content?: unknown; tool_calls?: Array<{ function?: { name?: string; arguments?: string } }> } }> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new AiUnavailable('the answer is not JSON');
  }
  const message = body.choices?.[0]?.message;
  const handoff = message?.tool_calls?.find((call) => call.function?.name === 'handoff');
  if (handoff) {
    let reason: string = HANDOVER_REASONS.tool;
    try {
      const args = JSON.parse(handoff.function?.arguments ?? '{}') as { reason?: unknown };
      if (typeof args.reason === 'string' && args.reason.trim()) reason = args.reason.trim().replace(/\s+/g, ' ').slice(0, 200);
    } catch {
      // Arguments that are not JSON: the default reason.
    }
    return { kind: 'handover', reason };
  }
  const content = typeof message?.content === 'string' ? message.content.trim() : '';
  if (!content) throw new AiUnavailable('the answer has neither text nor a handoff');
  return { kind: 'answer', content: content.slice(0, MESSAGE_MAX_LENGTH) };
}

/** An origin for a subscriber's writes: their events are dispatched before the subscriber returns. */
function subscriberOrigin(db: EventOrigin['db']) {
  const tasks: Array<() => Promise<unknown>> = [];
  return {
    origin: { db, socketId: null, after: (task: () => Promise<unknown>) => void tasks.push(task) } satisfies EventOrigin,
    flush: async () => {
      while (tasks.length > 0) await tasks.shift()!();
    },
  };
}

/** Answers (or hands over) one customer message. Idempotent per message; never throws for the AI's failures. */
export async function assist(target: Target): Promise<void> {
  if (!serverEnv().ai) return;
  const { db } = await database();
  const { workspaceId, conversationId, messageId } = target;

  const [state] = await db
    .select({
      aiActive: conversations.aiActive,
      aiTurns: conversations.aiTurns,
      // This message and the customer's earlier ones nobody has answered yet (a request for a person in any).
      unanswered: sql<string>`(select string_agg(p.content, E'\n' order by p.created_at, p.id) from ${messages} p
        where p.conversation_id = ${messages.conversationId} and p.sender_type = 'customer' and not p.private
          and (p.created_at, p.id) <= (${messages.createdAt}, ${messages.id})
          and not exists (select 1 from ${messages} a where a.conversation_id = p.conversation_id and a.sender_type in ('agent', 'ai')
            and not a.private and (a.created_at, a.id) > (p.created_at, p.id)))`,
      answered: sql<boolean>`exists (select 1 from ${assistantAnswers} where ${assistantAnswers.messageId} = ${messages.id})`,
      // A later customer message is answered by its own delivery, with this one in its history.
      superseded: sql<boolean>`exists (select 1 from ${messages} later where later.conversation_id = ${messages.conversationId}
        and later.sender_type = 'customer' and not later.private and (later.created_at, later.id) > (${messages.createdAt}, ${messages.id}))`,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      and(eq(messages.id, messageId), eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId), isNull(conversations.deletedAt)),
    );
  if (!state || !state.aiActive || state.answered || state.superseded) return;

  let decision: Decision;
  if (asksForPerson(state.unanswered ?? '')) decision = { kind: 'handover', reason: HANDOVER_REASONS.asked };
  else if (state.aiTurns >= ASSISTANT_MAX_TURNS) decision = { kind: 'handover', reason: HANDOVER_REASONS.turns };
  else {
    const chat = await buildChat(db, workspaceId, conversationId, messageId);
    try {
      decision = await complete(chat);
    } catch (err) {
      if (!(err instanceof AiUnavailable)) throw err;
      console.error(`[assistant] conversation ${conversationId}: the AI API failed: ${err.message}`);
      decision = { kind: 'handover', reason: HANDOVER_REASONS.unavailable };
    }
  }

  const { origin, flush } = subscriberOrigin(db);
  await withEvents(origin, async (tx, emit) => {
    const [conversation] = await tx
      .select({ aiActive: conversations.aiActive, aiTurns: conversations.aiTurns })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, workspaceId), isNull(conversations.deletedAt)))
      .for('update');
    if (!conversation?.aiActive) return; // switched off (by an agent, or a handover) or deleted meanwhile
    const [done] = await tx.select({ id: assistantAnswers.messageId }).from(assistantAnswers).where(eq(assistantAnswers.messageId, messageId));
    if (done) return;
    if (decision.kind === 'answer' && conversation.aiTurns >= ASSISTANT_MAX_TURNS) decision = { kind: 'handover', reason: HANDOVER_REASONS.turns };

    if (decision.kind === 'answer') {
      await tx
        .update(conversations)
        .set({ aiTurns: sql`${conversations.aiTurns} + 1` })
        .where(eq(conversations.id, conversationId));
      const reply = await insertMessage(tx, emit, { workspaceId, conversationId, senderType: 'ai', senderId: null, content: decision.content });
      await tx.insert(assistantAnswers).values({ messageId, workspaceId, conversationId, outcome: 'answered', replyId: reply?.message.id ?? null });
      return;
    }
    await handOver(tx, emit, { workspaceId, conversationId, messageId, reason: decision.reason });
  });
  await flush();
}

async function buildChat(db: Db, workspaceId: string, conversationId: string, messageId: string): Promise<ChatMessage[]> {
  const [workspace] = await db
    .select({
      name: workspaces.name,
      knowledge: sql<
        string | null
      >`(select ${assistantSettings.knowledge} from ${assistantSettings} where ${assistantSettings.workspaceId} = ${workspaces.id})`,
    })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  const [catalogue, history] = await Promise.all([
    db
      .select({ name: products.name, price: products.price, currency: products.currency, stock: products.stock })
      .from(products)
      .where(and(eq(products.workspaceId, workspaceId), eq(products.active, true)))
      .orderBy(asc(products.name), asc(products.id))
      .limit(PROMPT_PRODUCTS),
    db
      .select({ senderType: messages.senderType, content: messages.content })
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, conversationId),
          eq(messages.private, false),
          inArray(messages.senderType, ['customer', 'agent', 'ai']),
          // Up to the message being answered (later ones have deliveries of their own).
          sql`(${messages.createdAt}, ${messages.id}) <= (select answered.created_at, answered.id from ${messages} answered where answered.id = ${messageId}::uuid)`,
        ),
      )
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(HISTORY_MESSAGES),
  ]);
  const system = systemPrompt({ workspaceName: workspace?.name ?? 'the business', knowledge: workspace?.knowledge ?? '', products: catalogue });
  return [
    { role: 'system', content: system },
    ...history.reverse().map((m): ChatMessage => ({ role: m.senderType === 'customer' ? 'user' : 'assistant', content: m.content })),
  ];
}

/**
 * Hands the conversation to the team in the caller's transaction: aiActive off and its turns back to 0, a
 * word to the customer, the `ai.handover` system message, conversation.updated, and the notifications.
 */
async function handOver(tx: Tx, emit: (...events: DomainEvent[]) => void, input: Target & { reason: string }): Promise<void> {
  const { workspaceId, conversationId, messageId, reason } = input;
  const [conversation] = await tx
    .update(conversations)
    .set({ aiActive: false, aiTurns: 0, updatedAt: sql`now()` })
    .where(eq(conversations.id, conversationId))
    .returning({ number: conversations.number, assigneeId: conversations.assigneeId, customerId: conversations.customerId });
  await insertMessage(tx, emit, { workspaceId, conversationId, senderType: 'ai', senderId: null, content: HANDOVER_REPLY });
  const system = await insertMessage(tx, emit, {
    workspaceId,
    conversationId,
    senderType: 'system',
    senderId: null,
    content: `The assistant handed this conversation to the team: ${reason}`,
    event: { type: AI_HANDOVER_EVENT, actorId: null, data: { reason, messageId } },
  });
  if (system) emit(workspaceEvent(workspaceId, 'conversation.updated', { conversation: system.conversation }));
  await tx.insert(assistantAnswers).values({ messageId, workspaceId, conversationId, outcome: 'handover', replyId: system?.message.id ?? null });

  const [customer] = await tx.select({ name: customers.name }).from(customers).where(eq(customers.id, conversation!.customerId));
  const recipients = conversation!.assigneeId
    ? [conversation!.assigneeId]
    : (
        await tx
          .select({ userId: memberships.userId })
          .from(memberships)
          .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.role, ['owner', 'admin', 'agent'])))
      ).map((m) => m.userId);
  await createNotifications(
    tx,
    recipients.map((userId) => ({
      userId,
      workspaceId,
      type: AI_HANDOVER_EVENT,
      title: `Conversation #${conversation!.number} needs a person`,
      body: `${customer?.name ?? 'A customer'}: the assistant handed it over (${reason}).`,
      url: `/w/${workspaceId}/inbox/${conversationId}`,
      dedupeKey: `ai.handover:${messageId}`,
    })),
    emit,
  );
}

/** A person wrote: the assistant's answers in a row count from 0 again. */
export async function resetTurns(workspaceId: string, conversationId: string): Promise<void> {
  if (!serverEnv().ai) return;
  const { db } = await database();
  await db
    .update(conversations)
    .set({ aiTurns: 0 })
    .where(and(eq(conversations.id, conversationId), eq(conversations.workspaceId, workspaceId), gt(conversations.aiTurns, 0)));
}
