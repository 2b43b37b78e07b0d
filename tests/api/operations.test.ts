// Operations beyond the generic records, over HTTP: material stock movements (never below zero, under
// concurrency too; one per Idempotency-Key; the low-stock notice when crossing the minimum), the batch status
// machine (every pair of statuses, racing transitions, inputs consumed on start), electronic signatures (each
// refusal kept), the append-only history (the database itself refuses changes), and plant metrics per day in
// the caller's time zone.
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_STATUSES, BATCH_TRANSITIONS, type BatchStatus } from '../../contracts/operations.js';
import { outbox } from '../../db/schema/platform.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { createWorkspace, PASSWORD, signUp, teamFixture } from '../support/users.js';

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

const db = () => app.database.db;

async function created(path: string, body: Record<string, unknown>, token = team.agent.token) {
  const res = await api.post(`${w}/${path}`, body, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

let plantCount = 0;
const newPlant = (name = `Plant ${++plantCount}`) => created('plants', { name }) as Promise<{ id: string; name: string }>;
const newMaterial = (body: Record<string, unknown> = {}) =>
  created('materials', { name: `Material ${Math.random().toString(36).slice(2, 8)}`, unit: 'kg', ...body }) as Promise<{
    id: string;
    name: string;
    code: string;
  }>;
const move = (materialId: string, body: Record<string, unknown>, options: { token?: string; headers?: Record<string, string> } = {}) =>
  api.post(`${w}/materials/${materialId}/movements`, { reason: 'Test', ...body }, { token: options.token ?? team.agent.token, headers: options.headers });

async function stockOf(materialId: string, plantId: string): Promise<number | undefined> {
  const res = await api.get(`${w}/materials/${materialId}`, { token: team.viewer.token });
  expect(res.status).toBe(200);
  return (res.body.stock as { plantId: string; quantity: number }[]).find((s) => s.plantId === plantId)?.quantity;
}

async function receive(materialId: string, plantId: string, quantity: number) {
  const res = await move(materialId, { plantId, quantity, reason: 'Opening stock' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const newBatch = (plantId: string, body: Record<string, unknown> = {}, token = team.agent.token) =>
  created('batches', { plantId, product: 'Espresso blend, 1 kg', plannedQuantity: 100, unit: 'bags', ...body }, token) as Promise<{
    id: string;
    code: string;
    status: BatchStatus;
    createdBy: string;
  }>;
const transition = (id: string, body: Record<string, unknown>, token = team.agent.token, headers?: Record<string, string>) =>
  api.post(`${w}/batches/${id}/transition`, body, { token, headers });
const history = async (id: string) => {
  const res = await api.get(`${w}/batches/${id}/history`, { token: team.viewer.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data as {
    kind: string;
    from: string | null;
    to: string | null;
    reason: string | null;
    actor: { id: string | null; name: string };
    signature: { signerId: string; signerName: string; meaning: string; signedAt: string } | null;
    fields: string[] | null;
    refusal: string | null;
    createdAt: string;
  }[];
};

/** The signature of a member who did not start the batch (the agent starts them in these tests). */
const signed = (to: BatchStatus, meaning = to === 'released' ? 'Approved for release' : 'Rejected') => ({
  to,
  ...(to === 'released' || to === 'rejected' ? { producedQuantity: 90, signature: { password: PASSWORD, meaning } } : {}),
});

/** The way from planned to each status: the agent starts and moves it, the admin signs. */
const PATHS: Record<BatchStatus, BatchStatus[]> = {
  planned: [],
  in_progress: ['in_progress'],
  on_hold: ['in_progress', 'on_hold'],
  quality_check: ['in_progress', 'quality_check'],
  released: ['in_progress', 'quality_check', 'released'],
  rejected: ['in_progress', 'quality_check', 'rejected'],
  cancelled: ['cancelled'],
};
const signerFor = (to: BatchStatus) => (to === 'released' || to === 'rejected' ? team.admin.token : team.agent.token);

async function batchIn(status: BatchStatus, plantId: string) {
  const batch = await newBatch(plantId);
  for (const to of PATHS[status]) {
    const res = await transition(batch.id, signed(to), signerFor(to));
    expect(res.status, `${to}: ${JSON.stringify(res.body)}`).toBe(200);
  }
  return batch;
}

describe('stock movements', () => {
  it('receives and takes stock per plant, lists movements newest first in pages, and answers the movement', async () => {
    const [a, b] = [await newPlant(), await newPlant()];
    const material = await newMaterial();
    const first = await move(material.id, { plantId: a.id, quantity: 10, reason: 'Delivery 17' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ materialId: material.id, plantId: a.id, quantity: 10, reason: 'Delivery 17', batchId: null });
    expect(first.body.createdBy).toEqual({ id: team.agent.user.id, name: 'Ava Agent' });
    expect((await move(material.id, { plantId: a.id, quantity: -3 })).status).toBe(201);
    expect((await move(material.id, { plantId: b.id, quantity: 4 })).status).toBe(201);
    const got = await api.get(`${w}/materials/${material.id}`, { token: team.viewer.token });
    expect(got.body.stock).toEqual([
      { plantId: a.id, quantity: 7 },
      { plantId: b.id, quantity: 4 },
    ]);

    const page1 = await api.get(`${w}/materials/${material.id}/movements?limit=2`, { token: team.viewer.token });
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((m: { quantity: number }) => m.quantity)).toEqual([4, -3]);
    const page2 = await api.get(`${w}/materials/${material.id}/movements?limit=2&cursor=${page1.body.nextCursor}`, { token: team.viewer.token });
    expect(page2.body.data.map((m: { quantity: number }) => m.quantity)).toEqual([10]);
    expect(page2.body.nextCursor).toBeNull();
    const atA = await api.get(`${w}/materials/${material.id}/movements?plantId=${a.id}`, { token: team.viewer.token });
    expect(atA.body.data.map((m: { quantity: number }) => m.quantity)).toEqual([-3, 10]);
  });

  it('50 concurrent takes of 1 from a stock of 10: exactly 10 succeed, 40 are refused 409 out_of_stock, and the stock ends at 0', async () => {
    const plant = await newPlant();
    const material = await newMaterial();
    await receive(material.id, plant.id, 10);
    const answers = await Promise.all(Array.from({ length: 50 }, () => move(material.id, { plantId: plant.id, quantity: -1 })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const refused of answers.filter((r) => r.status === 409)) expect(refused.body.error.code).toBe('out_of_stock');
    expect(await stockOf(material.id, plant.id)).toBe(0);
    const list = await api.get(`${w}/materials/${material.id}/movements?limit=100`, { token: team.viewer.token });
    expect(list.body.data).toHaveLength(11);
  });

  it('refuses taking more than there is (409 with what is available) and a plant without stock, changing nothing', async () => {
    const [plant, empty] = [await newPlant(), await newPlant()];
    const material = await newMaterial();
    await receive(material.id, plant.id, 7);
    const refused = await move(material.id, { plantId: plant.id, quantity: -8 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('out_of_stock');
    expect(refused.body.error.details).toEqual([{ path: 'quantity', message: 'Available: 7' }]);
    const none = await move(material.id, { plantId: empty.id, quantity: -1 });
    expect(none.status).toBe(409);
    expect(none.body.error.details).toEqual([{ path: 'quantity', message: 'Available: 0' }]);
    expect(await stockOf(material.id, plant.id)).toBe(7);
    expect(await stockOf(material.id, empty.id)).toBeUndefined();
    const list = await api.get(`${w}/materials/${material.id}/movements`, { token: team.viewer.token });
    expect(list.body.data).toHaveLength(1);
  });

  it('records one movement for one Idempotency-Key sent twice, and refuses the key with another body', async () => {
    const plant = await newPlant();
    const material = await newMaterial();
    const headers = { 'idempotency-key': `movement-${material.id}` };
    const first = await move(material.id, { plantId: plant.id, quantity: 5 }, { headers });
    const again = await move(material.id, { plantId: plant.id, quantity: 5 }, { headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await move(material.id, { plantId: plant.id, quantity: 6 }, { headers });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(await stockOf(material.id, plant.id)).toBe(5);
    expect((await api.get(`${w}/materials/${material.id}/movements`, { token: team.viewer.token })).body.data).toHaveLength(1);
  });

  it('checks the plant, the batch, the quantity and the material (422 / 404), and viewers cannot move stock', async () => {
    const plant = await newPlant();
    const material = await newMaterial();
    const theirPlant = await api.post(`/api/workspaces/${team.otherWorkspace.id}/plants`, { name: 'Theirs' }, { token: team.outsider.token });
    expect(theirPlant.status).toBe(201);
    const foreign = await move(material.id, { plantId: theirPlant.body.id, quantity: 1 });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details[0].path).toBe('plantId');
    const noBatch = await move(material.id, { plantId: plant.id, quantity: 1, batchId: '00000000-0000-4000-8000-000000000000' });
    expect(noBatch.status).toBe(422);
    expect(noBatch.body.error.details[0].path).toBe('batchId');
    expect((await move(material.id, { plantId: plant.id, quantity: 0 })).status).toBe(422);
    expect((await move(material.id, { plantId: plant.id, quantity: 1.5 })).status).toBe(422);
    expect((await move(material.id, { plantId: plant.id, quantity: 1, reason: ' ' })).status).toBe(422);
    expect((await move('00000000-0000-4000-8000-000000000000', { plantId: plant.id, quantity: 1 })).status).toBe(404);
    expect((await move(material.id, { plantId: plant.id, quantity: 1 }, { token: team.viewer.token })).status).toBe(403);
    expect((await api.get(`${w}/materials/00000000-0000-4000-8000-000000000000/movements`, { token: team.viewer.token })).status).toBe(404);
    const batch = await newBatch(plant.id);
    const linked = await move(material.id, { plantId: plant.id, quantity: 2, batchId: batch.id });
    expect(linked.status).toBe(201);
    expect(linked.body.batchId).toBe(batch.id);
  });

  it('notifies once when the stock crosses below the minimum at a plant, not on every movement while below', async () => {
    const plant = await newPlant();
    const material = await newMaterial({ minStock: 5 });
    await receive(material.id, plant.id, 10);
    const lowEvents = async () =>
      (
        await db()
          .select({ payload: outbox.payload })
          .from(outbox)
          .where(and(eq(outbox.name, 'material.low_stock'), eq(outbox.workspaceId, team.workspace.id)))
          .orderBy(asc(outbox.id))
      )
        .map((e) => e.payload as { material: { id: string }; plantId: string; quantity: number; minStock: number; plantName: string })
        .filter((p) => p.material.id === material.id);
    for (const quantity of [-4, -1]) expect((await move(material.id, { plantId: plant.id, quantity })).status).toBe(201); // 6, then 5: not below
    expect(await lowEvents()).toEqual([]);
    expect((await move(material.id, { plantId: plant.id, quantity: -2 })).status).toBe(201); // 3: crossed
    for (const quantity of [-1, 1, -2]) expect((await move(material.id, { plantId: plant.id, quantity })).status).toBe(201); // 2, 3, 1: still below
    const once = await lowEvents();
    expect(once).toHaveLength(1);
    expect(once[0]).toMatchObject({ plantId: plant.id, plantName: plant.name, quantity: 3, minStock: 5, material: { id: material.id, name: material.name } });
    expect((await move(material.id, { plantId: plant.id, quantity: 10 })).status).toBe(201); // 11: back above
    expect((await move(material.id, { plantId: plant.id, quantity: -7 })).status).toBe(201); // 4: crossed again
    expect((await lowEvents()).map((e) => e.quantity)).toEqual([3, 4]);
    const activity = await api.get(`${w}/activity?subjectId=${material.id}&limit=100`, { token: team.owner.token });
    const rows = (activity.body.data as { action: string; subjectId: string }[]).filter(
      (a) => a.action === 'material.low_stock' && a.subjectId === material.id,
    );
    expect(rows).toHaveLength(2);
  });
});

describe('the batch machine', () => {
  let plantId: string;
  beforeAll(async () => {
    plantId = (await newPlant('Machine plant')).id;
  });

  for (const from of BATCH_STATUSES) {
    it(`from ${from}: allows ${BATCH_TRANSITIONS[from].join(', ') || 'nothing'} (200) and refuses every other status (409 naming the allowed ones)`, async () => {
      for (const to of BATCH_STATUSES) {
        const batch = await batchIn(from, plantId);
        const res = await transition(batch.id, signed(to), signerFor(to));
        if (BATCH_TRANSITIONS[from].includes(to)) {
          expect(res.status, `${from} → ${to}: ${JSON.stringify(res.body)}`).toBe(200);
          expect(res.body.status).toBe(to);
        } else {
          expect(res.status, `${from} → ${to}: ${JSON.stringify(res.body)}`).toBe(409);
          expect(res.body.error.code).toBe('invalid_transition');
          expect(res.body.error.details).toEqual(BATCH_TRANSITIONS[from].map((s) => ({ path: 'to', message: s })));
          expect((await api.get(`${w}/batches/${batch.id}`, { token: team.viewer.token })).body.status).toBe(from);
        }
      }
    });
  }

  it('of five racing starts of one batch exactly one wins, and its inputs are taken once', async () => {
    const material = await newMaterial();
    await receive(material.id, plantId, 10);
    const batch = await newBatch(plantId, { inputs: [{ materialId: material.id, quantity: 2 }] });
    const answers = await Promise.all(Array.from({ length: 5 }, () => transition(batch.id, { to: 'in_progress' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const lost of answers.filter((r) => r.status === 409)) expect(lost.body.error.code).toBe('invalid_transition');
    expect(await stockOf(material.id, plantId)).toBe(8);
    expect((await history(batch.id)).filter((h) => h.kind === 'transition')).toHaveLength(1);
  });

  it('starting takes every input from the plant stock, with one movement per material naming the batch', async () => {
    const [flour, sugar] = [await newMaterial(), await newMaterial()];
    await receive(flour.id, plantId, 50);
    await receive(sugar.id, plantId, 20);
    const batch = await newBatch(plantId, {
      inputs: [
        { materialId: flour.id, quantity: 30 },
        { materialId: sugar.id, quantity: 5 },
        { materialId: flour.id, quantity: 10 },
      ],
    });
    const started = await transition(batch.id, { to: 'in_progress', reason: 'Line 2 free' });
    expect(started.status).toBe(200);
    expect(started.body.startedAt).not.toBeNull();
    expect(await stockOf(flour.id, plantId)).toBe(10);
    expect(await stockOf(sugar.id, plantId)).toBe(15);
    const moves = (await api.get(`${w}/materials/${flour.id}/movements`, { token: team.viewer.token })).body.data;
    expect(moves[0]).toMatchObject({ quantity: -40, batchId: batch.id, reason: `Batch ${batch.code}`, plantId });
    // Holding and resuming takes nothing more.
    expect((await transition(batch.id, { to: 'on_hold' })).status).toBe(200);
    expect((await transition(batch.id, { to: 'in_progress' })).status).toBe(200);
    expect(await stockOf(flour.id, plantId)).toBe(10);
    // What it is made of is fixed once started.
    const patched = await api.patch(`${w}/batches/${batch.id}`, { inputs: [] }, { token: team.agent.token });
    expect(patched.status).toBe(409);
    expect((await api.patch(`${w}/batches/${batch.id}`, { product: 'Renamed blend' }, { token: team.agent.token })).status).toBe(200);
  });

  it('refuses to start with short stock (409 naming the short materials) and takes nothing', async () => {
    const [enough, short, missing] = [await newMaterial(), await newMaterial(), await newMaterial()];
    await receive(enough.id, plantId, 10);
    await receive(short.id, plantId, 3);
    const batch = await newBatch(plantId, {
      inputs: [
        { materialId: enough.id, quantity: 10 },
        { materialId: short.id, quantity: 4 },
        { materialId: missing.id, quantity: 1 },
      ],
    });
    const res = await transition(batch.id, { to: 'in_progress' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('out_of_stock');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['inputs.1.materialId', 'inputs.2.materialId']);
    expect(res.body.error.message).toContain(short.name);
    expect(res.body.error.message).toContain(missing.name);
    expect(res.body.error.message).not.toContain(enough.name);
    expect(await stockOf(enough.id, plantId)).toBe(10);
    expect(await stockOf(short.id, plantId)).toBe(3);
    expect((await api.get(`${w}/materials/${enough.id}/movements`, { token: team.viewer.token })).body.data).toHaveLength(1);
    const after = await api.get(`${w}/batches/${batch.id}`, { token: team.viewer.token });
    expect(after.body).toMatchObject({ status: 'planned', startedAt: null });
  });

  it('refuses inputs naming a material of another workspace (422)', async () => {
    const theirs = await api.post(`/api/workspaces/${team.otherWorkspace.id}/materials`, { name: 'Their flour', unit: 'kg' }, { token: team.outsider.token });
    const res = await api.post(
      `${w}/batches`,
      { plantId, product: 'Leaky', plannedQuantity: 1, unit: 'bags', inputs: [{ materialId: theirs.body.id, quantity: 1 }] },
      { token: team.agent.token },
    );
    expect(res.status).toBe(422);
    expect(res.body.error.details[0].path).toBe('body.inputs.0.materialId');
  });

  it('requires the produced quantity on release, takes it on reject, and refuses it on other moves', async () => {
    const batch = await batchIn('quality_check', plantId);
    const noQuantity = await transition(batch.id, { to: 'released', signature: { password: PASSWORD, meaning: 'Approved for release' } }, team.admin.token);
    expect(noQuantity.status).toBe(422);
    expect(noQuantity.body.error.details[0].path).toBe('producedQuantity');
    const other = await batchIn('planned', plantId);
    expect((await transition(other.id, { to: 'in_progress', producedQuantity: 3 })).status).toBe(422);
    const rejected = await transition(batch.id, { to: 'rejected', signature: { password: PASSWORD, meaning: 'Moisture too high' } }, team.admin.token);
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', producedQuantity: null });
    expect(rejected.body.completedAt).not.toBeNull();
  });
});

describe('electronic signatures', () => {
  let plantId: string;
  beforeAll(async () => {
    plantId = (await newPlant('Signature plant')).id;
  });

  it('refuses a release without a signature (422), with a wrong password (403) and by the starter (403), keeping each refusal; another member signs it', async () => {
    const batch = await batchIn('quality_check', plantId);
    const none = await transition(batch.id, { to: 'released', producedQuantity: 95 }, team.admin.token);
    expect(none.status).toBe(422);
    expect(none.body.error.details[0].path).toBe('signature');
    const wrong = await transition(
      batch.id,
      { to: 'released', producedQuantity: 95, signature: { password: 'Not-The-Password-1', meaning: 'Approved' } },
      team.admin.token,
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.details[0].path).toBe('signature.password');
    const starter = await transition(
      batch.id,
      { to: 'released', producedQuantity: 95, signature: { password: PASSWORD, meaning: 'Approved' } },
      team.agent.token,
    );
    expect(starter.status).toBe(403);
    expect(starter.body.error.message).toMatch(/started this batch/);
    expect((await api.get(`${w}/batches/${batch.id}`, { token: team.viewer.token })).body.status).toBe('quality_check');
    // Each refusal's event goes out although its request failed (the kernel dispatches only for successes).
    await expect
      .poll(
        async () =>
          (
            await db().select({ payload: outbox.payload, dispatchedAt: outbox.dispatchedAt }).from(outbox).where(eq(outbox.name, 'batch.signature_refused'))
          ).filter((e) => (e.payload as { id: string }).id === batch.id && e.dispatchedAt !== null).length,
      )
      .toBe(3);

    const before = Date.now();
    const ok = await transition(
      batch.id,
      { to: 'released', producedQuantity: 95, reason: 'All checks passed', signature: { password: PASSWORD, meaning: 'Approved for release' } },
      team.admin.token,
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'released', producedQuantity: 95 });
    expect(ok.body.completedAt).not.toBeNull();

    const rows = await history(batch.id);
    expect(rows.map((r) => [r.kind, r.from, r.to])).toEqual([
      ['created', null, 'planned'],
      ['transition', 'planned', 'in_progress'],
      ['transition', 'in_progress', 'quality_check'],
      ['signature_refused', 'quality_check', 'released'],
      ['signature_refused', 'quality_check', 'released'],
      ['signature_refused', 'quality_check', 'released'],
      ['transition', 'quality_check', 'released'],
    ]);
    expect(rows.slice(3, 6).map((r) => [r.refusal, r.actor.id])).toEqual([
      ['missing', team.admin.user.id],
      ['wrong_password', team.admin.user.id],
      ['starter', team.agent.user.id],
    ]);
    for (const refused of rows.slice(3, 6)) expect(refused.reason).toBeTruthy();
    const release = rows[6]!;
    expect(release.actor).toEqual({ id: team.admin.user.id, name: 'Adam Admin' });
    expect(release.reason).toBe('All checks passed');
    expect(release.signature).toMatchObject({ signerId: team.admin.user.id, signerName: 'Adam Admin', meaning: 'Approved for release' });
    expect(Date.parse(release.signature!.signedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(release.signature!.signedAt)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('the starter is whoever started the batch, not whoever created it', async () => {
    const batch = await newBatch(plantId, {}, team.owner.token);
    expect(batch.createdBy).toBe(team.owner.user.id);
    expect((await transition(batch.id, { to: 'in_progress' }, team.agent.token)).status).toBe(200);
    expect((await transition(batch.id, { to: 'quality_check' }, team.owner.token)).status).toBe(200);
    expect((await transition(batch.id, signed('rejected'), team.agent.token)).status).toBe(403);
    const byCreator = await transition(batch.id, signed('rejected'), team.owner.token);
    expect(byCreator.status, JSON.stringify(byCreator.body)).toBe(200);
  });

  it('counts wrong passwords per address: the sixth attempt within the window is refused 429 without checking it', async () => {
    const batch = await batchIn('quality_check', plantId);
    const headers = { 'x-forwarded-for': '198.51.100.77' };
    const attempt = (password: string) => transition(batch.id, { to: 'rejected', signature: { password, meaning: 'Rejected' } }, team.admin.token, headers);
    for (let i = 0; i < 5; i++) expect((await attempt(`Wrong-Password-${i}`)).status).toBe(403);
    const limited = await attempt(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const refusals = (await history(batch.id)).filter((r) => r.kind === 'signature_refused').map((r) => r.refusal);
    expect(refusals).toEqual([...Array(5).fill('wrong_password'), 'rate_limited']);
    // From another address the right password still signs.
    expect((await transition(batch.id, signed('rejected'), team.admin.token)).status).toBe(200);
  });

  it('a released batch can no longer change: PATCH and DELETE answer 409', async () => {
    const batch = await batchIn('released', plantId);
    const patch = await api.patch(`${w}/batches/${batch.id}`, { product: 'Changed' }, { token: team.agent.token });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('invalid_transition');
    expect((await api.delete(`${w}/batches/${batch.id}`, { token: team.admin.token })).status).toBe(409);
  });
});

describe('batch history', () => {
  it('records the create, each update with its fields, and each transition with its reason and actor name, oldest first', async () => {
    const plant = await newPlant();
    const batch = await newBatch(plant.id);
    expect((await api.patch(`${w}/batches/${batch.id}`, { plannedQuantity: 120, plannedStart: '2026-12-01' }, { token: team.owner.token })).status).toBe(200);
    expect((await transition(batch.id, { to: 'cancelled', reason: 'Order withdrawn' })).status).toBe(200);
    const rows = await history(batch.id);
    expect(rows.map((r) => r.kind)).toEqual(['created', 'updated', 'transition']);
    expect(rows[0]).toMatchObject({ to: 'planned', actor: { id: team.agent.user.id, name: 'Ava Agent' }, signature: null });
    expect(rows[1]).toMatchObject({ fields: ['planned quantity', 'planned start'], actor: { id: team.owner.user.id, name: 'Olivia Owner' } });
    expect(rows[2]).toMatchObject({ from: 'planned', to: 'cancelled', reason: 'Order withdrawn' });
    const times = rows.map((r) => Date.parse(r.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // A batch is kept with its history.
    const deleted = await api.delete(`${w}/batches/${batch.id}`, { token: team.admin.token });
    expect(deleted.status).toBe(409);
    expect((await api.get(`${w}/batches/00000000-0000-4000-8000-000000000000/history`, { token: team.viewer.token })).status).toBe(404);
  });

  it('an import writes the history of each batch it creates or changes, and checks their inputs', async () => {
    const plant = await newPlant();
    const material = await newMaterial();
    const existing = await newBatch(plant.id);
    const header = 'code,plantId,product,plannedQuantity,unit,inputs,plannedStart';
    const inputs = JSON.stringify([{ materialId: material.id, quantity: 4 }]).replace(/"/g, '""');
    const csv = `${header}\r\n,${plant.id},Imported blend,50,bags,"${inputs}",2026-12-24\r\n${existing.code},${plant.id},Renamed blend,100,bags,,\r\n`;
    const res = await api.request('POST', `${w}/batches/import`, { raw: csv, token: team.agent.token, headers: { 'content-type': 'text/csv' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ created: 1, updated: 1, errors: [] });
    const made = (await api.get(`${w}/batches?q=Imported%20blend`, { token: team.viewer.token })).body.data[0];
    expect(made.createdBy).toBe(team.agent.user.id);
    expect((await history(made.id)).map((r) => r.kind)).toEqual(['created']);
    expect((await history(existing.id)).map((r) => r.kind)).toEqual(['created', 'updated']);
    // An input naming a material of no batch's workspace: the whole import is refused.
    const stranger = JSON.stringify([{ materialId: '00000000-0000-4000-8000-000000000000', quantity: 1 }]).replace(/"/g, '""');
    const refused = await api.request('POST', `${w}/batches/import`, {
      raw: `${header}\r\n,${plant.id},Ghost input,10,bags,"${stranger}",\r\n`,
      token: team.agent.token,
      headers: { 'content-type': 'text/csv' },
    });
    expect(refused.status).toBe(422);
    expect((await api.get(`${w}/batches?q=Ghost%20input`, { token: team.viewer.token })).body.data).toHaveLength(0);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of history rows; deleting the whole workspace deletes them', async () => {
    const owner = await signUp(api, { name: 'Tess Temporary' });
    const workspace = await createWorkspace(api, owner.token, 'Short-lived');
    const base = `/api/workspaces/${workspace.id}`;
    const plant = await api.post(`${base}/plants`, { name: 'Temporary plant' }, { token: owner.token });
    const batch = await api.post(`${base}/batches`, { plantId: plant.body.id, product: 'Kept', plannedQuantity: 1, unit: 'bags' }, { token: owner.token });
    expect((await api.post(`${base}/batches/${batch.body.id}/transition`, { to: 'cancelled' }, { token: owner.token })).status).toBe(200);
    const count = async () =>
      Number(
        ((await db().execute(sql`select count(*)::int as n from batch_history where workspace_id = ${workspace.id}`)) as unknown as { rows: { n: number }[] })
          .rows[0]!.n,
      );
    expect(await count()).toBe(2);
    await expect(db().execute(sql`update batch_history set reason = 'rewritten' where workspace_id = ${workspace.id}`)).rejects.toThrow();
    await expect(db().execute(sql`delete from batch_history where workspace_id = ${workspace.id}`)).rejects.toThrow();
    await expect(db().execute(sql`truncate batch_history`)).rejects.toThrow();
    expect(await count()).toBe(2);
    expect((await api.delete(base, { token: owner.token })).status).toBe(204);
    expect(await count()).toBe(0);
  });
});

describe('plant metrics', () => {
  const TZ = 'Europe/Berlin';
  // Around the change to summer time in Berlin (2026-03-29, 02:00 → 03:00): instants near local midnights.
  const done = [
    { status: 'released', started: '2026-03-27T10:00:00Z', completed: '2026-03-27T22:59:59Z', produced: 90 }, // 23:59:59 on the 27th
    { status: 'released', started: '2026-03-27T12:00:00Z', completed: '2026-03-27T23:00:00Z', produced: 80 }, // 00:00 on the 28th
    { status: 'rejected', started: '2026-03-28T08:00:00Z', completed: '2026-03-28T22:30:00Z', produced: 0 }, // 23:30 on the 28th
    { status: 'released', started: '2026-03-28T20:00:00Z', completed: '2026-03-28T23:30:00Z', produced: 70 }, // 00:30 on the 29th (CET)
    { status: 'released', started: '2026-03-29T01:30:00Z', completed: '2026-03-29T21:59:00Z', produced: 60 }, // 23:59 on the 29th (CEST)
    { status: 'rejected', started: '2026-03-29T09:00:00Z', completed: '2026-03-29T22:00:00Z', produced: 5 }, // 00:00 on the 30th
    { status: 'released', started: '2026-03-30T06:00:00Z', completed: '2026-03-30T12:15:00Z', produced: 50 }, // the 30th
  ] as const;
  let plantId: string;

  beforeAll(async () => {
    plantId = (await newPlant('Metrics plant')).id;
    for (const d of done) {
      const batch = await batchIn(d.status === 'released' ? 'released' : 'rejected', plantId);
      await db().execute(
        sql`update batches set started_at = ${d.started}::timestamptz, completed_at = ${d.completed}::timestamptz, produced_quantity = ${d.produced} where id = ${batch.id}::uuid`,
      );
    }
    // A batch still in progress and one at another plant count nowhere.
    await batchIn('in_progress', plantId);
    await batchIn('released', (await newPlant()).id);
  });

  /** The same figures computed naively: each batch's local date from Intl, grouped in a map. */
  function naive(from: string, to: string, tz: string) {
    const localDate = (instant: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
    const days: Record<string, unknown>[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const that = done.filter((d) => localDate(d.completed) === date);
      const released = that.filter((d) => d.status === 'released');
      const rejected = that.filter((d) => d.status === 'rejected');
      const hours = that.map((d) => (Date.parse(d.completed) - Date.parse(d.started)) / 3_600_000);
      days.push({
        date,
        released: released.length,
        rejected: rejected.length,
        quantityProduced: released.reduce((sum, d) => sum + d.produced, 0),
        rejectionRate: that.length === 0 ? null : rejected.length / that.length,
        meanCycleHours: hours.length === 0 ? null : hours.reduce((a, b) => a + b, 0) / hours.length,
      });
    }
    return days;
  }

  const metrics = (query: string) => api.get(`${w}/plants/${plantId}/metrics?${query}`, { token: team.viewer.token });

  function expectClose(actual: Record<string, unknown>[], expected: Record<string, unknown>[]) {
    expect(actual.map((d) => ({ ...d, meanCycleHours: null }))).toEqual(expected.map((d) => ({ ...d, meanCycleHours: null })));
    actual.forEach((day, i) => {
      const want = expected[i]!.meanCycleHours as number | null;
      if (want === null) expect(day.meanCycleHours).toBeNull();
      else expect(day.meanCycleHours as number).toBeCloseTo(want, 6);
    });
  }

  it('counts per day of the caller in a zone with a DST change, every day of the range present', async () => {
    const res = await metrics(`from=2026-03-26&to=2026-03-31&tz=${encodeURIComponent(TZ)}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.days).toHaveLength(6);
    expectClose(res.body.days, naive('2026-03-26', '2026-03-31', TZ));
    // Spot checks of what the naive calculation says, so a shared mistake cannot pass unnoticed.
    const day = (date: string) => res.body.days.find((d: { date: string }) => d.date === date);
    expect(day('2026-03-26')).toMatchObject({ released: 0, rejected: 0, quantityProduced: 0, rejectionRate: null, meanCycleHours: null });
    expect(day('2026-03-28')).toMatchObject({ released: 1, rejected: 1, quantityProduced: 80, rejectionRate: 0.5 });
    expect(day('2026-03-29')).toMatchObject({ released: 2, rejected: 0, quantityProduced: 130, rejectionRate: 0 });
    expect(day('2026-03-30')).toMatchObject({ released: 1, rejected: 1, quantityProduced: 50, rejectionRate: 0.5 });
  });

  it('counts in UTC by default, and differs from Berlin where it should', async () => {
    const res = await metrics('from=2026-03-26&to=2026-03-31');
    expect(res.status).toBe(200);
    expectClose(res.body.days, naive('2026-03-26', '2026-03-31', 'UTC'));
    expect(res.body.days.find((d: { date: string }) => d.date === '2026-03-27')).toMatchObject({ released: 2, quantityProduced: 170 });
  });

  it('defaults to the 30 days to today, and refuses a bad zone, a reversed or too long range (422), an unknown plant (404)', async () => {
    const res = await metrics(`tz=${encodeURIComponent(TZ)}`);
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(30);
    expect(await metrics('tz=Mars/Olympus').then((r) => r.status)).toBe(422);
    expect(await metrics('tz=%27%3B%20select%201').then((r) => r.status)).toBe(422);
    expect(await metrics('from=2026-03-10&to=2026-03-01').then((r) => r.status)).toBe(422);
    expect(await metrics('from=2025-01-01&to=2026-01-02').then((r) => r.status)).toBe(422);
    expect(await metrics('from=2025-01-01&to=2026-01-01').then((r) => r.status)).toBe(200);
    expect(await metrics('from=2026-02-30').then((r) => r.status)).toBe(422);
    const unknown = await api.get(`${w}/plants/00000000-0000-4000-8000-000000000000/metrics`, { token: team.viewer.token });
    expect(unknown.status).toBe(404);
  });
});
