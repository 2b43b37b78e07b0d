// The local OpenAI-compatible stand-in speaks the Chat Completions wire format: bearer keys, OpenAI's error
// shape, the models list, text answers and `handoff` tool calls, chosen deterministically from the last user
// message and the products listed in the system message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AI, startAiServer, type AiServer } from './ai-server.js';

let ai: AiServer;
beforeAll(async () => {
  ai = await startAiServer({ port: 0 });
});
afterAll(() => ai.close());

const handoff = { type: 'function', function: { name: 'handoff', parameters: { type: 'object', properties: {} } } };
const complete = (body: unknown, key = LOCAL_AI.apiKey) =>
  fetch(`${ai.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const system = { role: 'system', content: 'You help.\nProducts (name: price, stock):\n- Espresso: €3.00, available\n- Espresso cup: €12.00, 4 in stock' };

describe('AI stand-in', () => {
  it('refuses a missing or wrong key with OpenAI’s error shape', async () => {
    const missing = await fetch(`${ai.baseUrl}/models`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect((await complete({ model: LOCAL_AI.model, messages: [{ role: 'user', content: 'hi' }] }, 'sk-wrong')).status).toBe(401);
  });

  it('lists its model, and refuses another model or no messages', async () => {
    const models = await fetch(`${ai.baseUrl}/models`, { headers: { authorization: `Bearer ${LOCAL_AI.apiKey}` } });
    expect(await models.json()).toMatchObject({ object: 'list', data: [{ id: LOCAL_AI.model, object: 'model' }] });
    expect((await complete({ model: 'gpt-none', messages: [{ role: 'user', content: 'hi' }] })).status).toBe(404);
    expect((await complete({ model: LOCAL_AI.model, messages: [] })).status).toBe(400);
  });

  it('answers a product question with the longest matching product line, in the completion shape', async () => {
    const res = await complete({ model: LOCAL_AI.model, messages: [system, { role: 'user', content: 'How much is an espresso cup?' }], tools: [handoff] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: LOCAL_AI.model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'Espresso cup: €12.00, 4 in stock.' }, finish_reason: 'stop' }],
    });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('calls handoff when asked for a person and the tool is offered, and quotes other questions', async () => {
    const person = await (
      await complete({ model: LOCAL_AI.model, messages: [system, { role: 'user', content: 'Let me talk to your manager' }], tools: [handoff] })
    ).json();
    expect(person.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: { content: null, tool_calls: [{ type: 'function', function: { name: 'handoff' } }] },
    });
    expect(JSON.parse(person.choices[0].message.tool_calls[0].function.arguments)).toEqual({ reason: 'the customer needs a person' });
    const other = await (await complete({ model: LOCAL_AI.model, messages: [system, { role: 'user', content: 'Do you open on Sundays?' }] })).json();
    expect(other.choices[0].message.content).toContain('"Do you open on Sundays?"');
  });

  it('fails the next completions on demand, and records what it was asked', async () => {
    ai.reset();
    ai.fail(1, 503);
    expect((await complete({ model: LOCAL_AI.model, messages: [{ role: 'user', content: 'one' }] })).status).toBe(503);
    expect((await complete({ model: LOCAL_AI.model, messages: [{ role: 'user', content: 'two' }] })).status).toBe(200);
    expect(ai.requests().map((r) => r.messages.at(-1)!.content)).toEqual(['two']);
  });
});
