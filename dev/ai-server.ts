// A deterministic local stand-in of an OpenAI-compatible Chat Completions API, for `npm run dev` and the tests:
// the AI assistant (api/_lib/assistant/) reaches it through AI_BASE_URL exactly as it reaches a real provider.
//
//   POST /v1/chat/completions  (Authorization: Bearer {apiKey}) answers from the last user message:
//     - it asks for a person (human, person, agent, operator, manager) or complains → a `handoff` tool call,
//       when the request offers that tool;
//     - it names a product listed in the system message as a `- {name}: {details}` line → "{name}: {details}.";
//     - anything else → a fixed helpful sentence quoting the question.
//   GET /v1/models → the one model.
// Answers have OpenAI's shape (choices[0].message with content or tool_calls, finish_reason, usage), and errors
// its error shape. `fail(n)` makes the next n completions answer 500, for the assistant's failure path.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOCAL_AI = { apiKey: 'sk-local-switchboard-assistant', model: 'switchboard-local-1' };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
}

export interface RecordedCompletion {
  model: string;
  messages: ChatMessage[];
  tools: Array<{ type: string; function: { name: string } }>;
  answer: { content: string | null; toolCall: { name: string; arguments: string } | null };
}

export interface AiServer {
  /** The server's origin, e.g. http://127.0.0.1:12112. */
  url: string;
  /** What AI_BASE_URL is set to: the origin + /v1. */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** Every completion asked for, oldest first. */
  requests(): RecordedCompletion[];
  reset(): void;
  /** The next `count` completions answer `status` (default 500) with an error body. */
  fail(count: number, status?: number): void;
  close(): Promise<void>;
}

export interface AiServerOptions {
  port?: number;
  host?: string;
  apiKey?: string;
  model?: string;
}

const PERSON = /\b(human|person|people|agent|operator|manager|someone real)\b|\bcomplain|\bcomplaint/i;

/** The `- {name}: {details}` lines of the system message (the assistant lists the products so). */
function productLines(system: string): Array<{ name: string; details: string }> {
  const products: Array<{ name: string; details: string }> = [];
  for (const line of system.split('\n')) {
    const match = /^- (.+?): (.+)$/.exec(line.trim());
    if (match) products.push({ name: match[1]!.trim(), details: match[2]!.trim() });
  }
  return products;
}

/** The deterministic answer to a conversation: a tool call or a text. */
export function answerFor(messages: ChatMessage[], toolNames: string[]): RecordedCompletion['answer'] {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content ?? '')
    .join('\n');
  const question = ([...messages].reverse().find((m) => m.role === 'user')?.content ?? '').trim();
  if (PERSON.test(question) && toolNames.includes('handoff')) {
    return { content: null, toolCall: { name: 'handoff', arguments: JSON.stringify({ reason: 'the customer needs a person' }) } };
  }
  const lower = question.toLowerCase();
  // The longest name first, so "Espresso cup" wins over "Espresso".
  const product = productLines(system)
    .sort((a, b) => b.name.length - a.name.length)
    .find((p) => lower.includes(p.name.toLowerCase()));
  if (product) return { content: `${product.name}: ${product.details}.`, toolCall: null };
  const quoted = question.length > 200 ? `${question.slice(0, 200)}…` : question;
  return { content: `Thanks for your message ("${quoted}"). I can help with our products, prices and orders: what would you like to know?`, toolCall: null };
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

export function startAiServer(options: AiServerOptions = {}): Promise<AiServer> {
  const apiKey = options.apiKey ?? LOCAL_AI.apiKey;
  const model = options.model ?? LOCAL_AI.model;
  const recorded: RecordedCompletion[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let sequence = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, message: string, type: string, code: string | null = null) =>
    send(res, status, { error: { message, type, param: null, code } });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        const message = req.headers.authorization ? 'Incorrect API key provided.' : 'You didn’t provide an API key (Authorization: Bearer …).';
        return error(res, 401, message, 'invalid_request_error', 'invalid_api_key');
      }
      if (req.method === 'GET' && path === '/v1/models') {
        return send(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 1767225600, owned_by: 'switchboard-dev' }] });
      }
      if (path !== '/v1/chat/completions') return error(res, 404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
      if (req.method !== 'POST') return error(res, 405, 'Use POST.', 'invalid_request_error');
      let body: { model?: unknown; messages?: unknown; tools?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return error(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
      }
      if (body.model !== model) return error(res, 404, `The model \`${String(body.model)}\` does not exist.`, 'invalid_request_error', 'model_not_found');
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        return error(res, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'missing_required_parameter');
      }
      const messages = body.messages as ChatMessage[];
      const tools = (Array.isArray(body.tools) ? body.tools : []) as RecordedCompletion['tools'];
      if (failures.count > 0) {
        failures.count -= 1;
        return error(res, failures.status, 'The server had an error while processing your request.', 'server_error');
      }
      const answer = answerFor(
        messages,
        tools.map((t) => t.function?.name),
      );
      recorded.push({ model, messages, tools, answer });
      sequence += 1;
      const promptTokens = tokens(messages.map((m) => m.content ?? '').join('\n'));
      const completionTokens = tokens(answer.content ?? answer.toolCall?.arguments ?? '');
      send(res, 200, {
        id: `chatcmpl-local${String(sequence).padStart(6, '0')}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: answer.toolCall
              ? {
                  role: 'assistant',
                  content: null,
                  tool_calls: [{ id: `call_local${sequence}`, type: 'function', function: answer.toolCall }],
                }
              : { role: 'assistant', content: answer.content },
            finish_reason: answer.toolCall ? 'tool_calls' : 'stop',
          },
        ],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        baseUrl: `${url}/v1`,
        apiKey,
        model,
        requests: () => [...recorded],
        reset: () => {
          recorded.length = 0;
          failures = { count: 0, status: 500 };
        },
        fail: (count, status = 500) => void (failures = { count, status }),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
