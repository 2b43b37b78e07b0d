// Services over HTTP: a service's configuration is checked against its kind's schema on create, update (a new
// kind is checked against the configuration it keeps) and import (each row named, dry run too), answering 422
// with `config.…` paths, and nothing is written when it does not fit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let w: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  w = `/api/workspaces/${team.workspace.id}`;
});
afterAll(() => app.close());

const create = (body: Record<string, unknown>) => api.post(`${w}/services`, body, { token: team.admin.token });
const importCsv = (csv: string, dryRun = false) =>
  api.request('POST', `${w}/services/import${dryRun ? '?dryRun=true' : ''}`, { raw: csv, token: team.admin.token, headers: { 'content-type': 'text/csv' } });
const paths = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path).sort();
const listNamed = async (name: string) => (await api.get(`${w}/services?q=${encodeURIComponent(name)}`, { token: team.viewer.token })).body.data as unknown[];
const csvCell = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`;

describe('service configuration by kind', () => {
  it("creates a service whose configuration fits its kind, and refuses one that does not with the setting's path", async () => {
    const ok = await create({ name: 'Support bot', kind: 'chatbot', config: { model: 'gpt-4o-mini', temperature: 0.3, systemPrompt: 'Be brief.' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'chatbot', config: { model: 'gpt-4o-mini', temperature: 0.3 } });

    const noModel = await create({ name: 'Modelless bot', kind: 'chatbot', config: { temperature: 0.3 } });
    expect(noModel.status).toBe(422);
    expect(paths(noModel.body)).toEqual(['config.model']);

    const hot = await create({ name: 'Hot bot', kind: 'chatbot', config: { model: 'm', temperature: 3, voice: 'alloy' } });
    expect(hot.status).toBe(422);
    expect(paths(hot.body)).toEqual(['config.temperature', 'config.voice']);

    const voice = await create({ name: 'Hotline', kind: 'voice', config: { model: 'realtime', voice: 'alloy', language: 'english', phoneNumber: '0301234' } });
    expect(voice.status).toBe(422);
    expect(paths(voice.body)).toEqual(['config.language', 'config.phoneNumber']);

    const steps = await create({ name: 'Nightly', kind: 'automation', config: { trigger: 'schedule', steps: [{ name: 'Export', action: '' }] } });
    expect(steps.status).toBe(422);
    expect(paths(steps.body)).toEqual(['config.steps.0.action']);

    // Nothing of the refused ones was written.
    for (const name of ['Modelless bot', 'Hot bot', 'Hotline', 'Nightly']) expect(await listNamed(name)).toEqual([]);
  });

  it('takes any JSON object for a custom service, and no configuration at all for any kind', async () => {
    expect((await create({ name: 'Custom thing', kind: 'custom', config: { anything: [1, 2, { deep: true }] } })).status).toBe(201);
    const bare = await create({ name: 'Unconfigured voice', kind: 'voice' });
    expect(bare.status, JSON.stringify(bare.body)).toBe(201);
    expect(bare.body.config).toBeNull();
  });

  it('checks an update against the kind and configuration the record ends with', async () => {
    const created = await create({ name: 'Switching bot', kind: 'chatbot', config: { model: 'small' } });
    expect(created.status).toBe(201);
    const url = `${w}/services/${created.body.id}`;

    // A new kind alone: the configuration it keeps is a chatbot's, not a voice agent's.
    const toVoice = await api.patch(url, { kind: 'voice' }, { token: team.admin.token });
    expect(toVoice.status).toBe(422);
    expect(paths(toVoice.body)).toEqual(['config.language', 'config.voice']);

    const badConfig = await api.patch(url, { config: { model: '' } }, { token: team.admin.token });
    expect(badConfig.status).toBe(422);
    expect(paths(badConfig.body)).toEqual(['config.model']);

    const unchanged = await api.get(url, { token: team.viewer.token });
    expect(unchanged.body).toMatchObject({ kind: 'chatbot', config: { model: 'small' } });

    const both = await api.patch(url, { kind: 'voice', config: { model: 'realtime', voice: 'alloy', language: 'en-US' } }, { token: team.admin.token });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(both.body).toMatchObject({ kind: 'voice', config: { language: 'en-US' } });
    // A name change leaves a fitting configuration alone.
    expect((await api.patch(url, { name: 'Switched voice' }, { token: team.admin.token })).status).toBe(200);
  });

  it('an import names each row whose configuration does not fit, dry run or not, and writes nothing', async () => {
    const header = 'code,name,kind,status,description,config';
    const rows = [
      `,Imported bot,chatbot,active,,${csvCell({ model: 'gpt' })}`,
      `,Imported voice,voice,active,,${csvCell({ model: 'rt', voice: 'alloy' })}`,
      `,,chatbot,active,,${csvCell({ model: 'x', maxTokens: 0 })}`,
      `,Imported flow,automation,active,,${csvCell({ trigger: 'event', steps: [] })}`,
    ];
    for (const dryRun of [true, false]) {
      const res = await importCsv([header, ...rows].join('\n'), dryRun);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.created).toBe(0);
      expect(res.body.errors.map((e: { row: number; path: string }) => [e.row, e.path])).toEqual([
        [3, 'config.language'],
        [4, 'config.maxTokens'],
        [4, 'name'],
      ]);
    }
    expect(await listNamed('Imported')).toEqual([]);

    rows[1] = `,Imported voice,voice,active,,${csvCell({ model: 'rt', voice: 'alloy', language: 'de' })}`;
    rows[2] = `,Imported bot 2,chatbot,active,,${csvCell({ model: 'x', maxTokens: 100 })}`;
    const done = await importCsv([header, ...rows].join('\n'));
    expect(done.body).toEqual({ created: 4, updated: 0, errors: [] });
    expect(await listNamed('Imported')).toHaveLength(4);
  });

  it('an import row with a code is checked with the kind and configuration the record keeps', async () => {
    const created = await create({ name: 'Kept bot', kind: 'chatbot', config: { model: 'kept' } });
    const code = created.body.code as string;
    // Only the kind changes: the chatbot configuration it keeps does not fit a voice agent.
    const res = await importCsv(`code,name,kind\n${code},Kept bot,voice`);
    expect(res.body.created + res.body.updated).toBe(0);
    expect(res.body.errors.map((e: { row: number; path: string }) => [e.row, e.path])).toEqual([
      [2, 'config.language'],
      [2, 'config.voice'],
    ]);
    expect((await api.get(`${w}/services/${created.body.id}`, { token: team.viewer.token })).body.kind).toBe('chatbot');
    const renamed = await importCsv(`code,name\n${code},Kept bot renamed`);
    expect(renamed.body).toEqual({ created: 0, updated: 1, errors: [] });
  });
});
