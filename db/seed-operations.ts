// Demo CRM and operations for the demo workspace: employees (one linked to the agent's account), suppliers,
// professionals, two client projects with tasks on their boards, two plants, materials with stock and the
// movements behind it, and batches in every status with their history (release and rejection signed by
// someone other than the starter). Codes come from the tables' triggers.
import type { Tx } from './client.js';
import { batchHistory, materialMovements, materialStock } from './schema/operations.js';
import { batches, employees, materials, plants, professionals, projects, suppliers, tasks } from './schema/resources.js';

interface People {
  workspaceId: string;
  customerIds: string[];
  /** Members by role, with their names (history rows copy the actor's name). */
  members: { id: string; name: string; role: string }[];
}

const day = 86_400_000;

export async function seedOperations(tx: Tx, { workspaceId, customerIds, members }: People) {
  const now = Date.now();
  const date = (daysFromNow: number) => new Date(now + daysFromNow * day).toISOString().slice(0, 10);
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
  const member = (role: string) => members.find((m) => m.role === role)!;
  const inWorkspace = <T extends object>(rows: T[]) => rows.map((row) => ({ workspaceId, ...row }));

  const staff = await tx
    .insert(employees)
    .values(
      inWorkspace([
        {
          name: 'Ava Agent',
          email: 'agent@demo.switchboard.dev',
          position: 'Customer care lead',
          department: 'Support',
          hireDate: date(-700),
          userId: member('agent').id,
        },
        { name: 'Marco Rossi', email: 'marco@acme-roasters.example', position: 'Head roaster', department: 'Production', hireDate: date(-1500) },
        { name: 'Lena Fischer', email: 'lena@acme-roasters.example', position: 'Quality manager', department: 'Quality', hireDate: date(-900) },
        { name: 'Sam Okafor', email: 'sam@acme-roasters.example', position: 'Packer', department: 'Production', hireDate: date(-200), status: 'on_leave' },
        { name: 'Priya Shah', email: 'priya@acme-roasters.example', position: 'Designer', department: 'Marketing', hireDate: date(-400) },
      ]),
    )
    .returning({ id: employees.id });

  await tx.insert(suppliers).values(
    inWorkspace([
      {
        name: 'Finca El Paraíso',
        contactName: 'Diego Bermúdez',
        email: 'diego@elparaiso.example',
        category: 'Green coffee',
        address: 'Huila, Colombia',
        taxId: 'CO-900123',
      },
      { name: 'Yirga Farmers Union', contactName: 'Hana Tesfaye', email: 'hana@yirga.example', category: 'Green coffee', address: 'Yirgacheffe, Ethiopia' },
      {
        name: 'PackRight',
        contactName: 'Tom Berg',
        email: 'orders@packright.example',
        phone: '+49 30 1234567',
        category: 'Packaging',
        notes: 'Minimum order 5,000 bags',
      },
      { name: 'Old Mill Logistics', email: 'hello@oldmill.example', category: 'Shipping', status: 'inactive' },
    ]),
  );

  await tx.insert(professionals).values(
    inWorkspace([
      { name: 'Dr. Elena Costa', email: 'elena@cupping.example', specialty: 'Q grader', hourlyRate: 9500, currency: 'usd' },
      { name: 'Jonas Weber', email: 'jonas@brandworks.example', specialty: 'Brand designer', hourlyRate: 7000, currency: 'eur' },
      { name: 'Ruth Adeyemi', email: 'ruth@foodsafe.example', specialty: 'Food safety auditor', hourlyRate: 11000, currency: 'usd', notes: 'HACCP certified' },
    ]),
  );

  const [relaunch, wholesale] = await tx
    .insert(projects)
    .values(
      inWorkspace([
        {
          name: 'Packaging relaunch',
          description: 'New compostable bags and labels for the single-origin range.',
          status: 'in_progress',
          customerId: null,
          budget: 1_200_000,
          currency: 'usd',
          startDate: date(-30),
          dueDate: date(45),
        },
        {
          name: 'Café wholesale programme',
          description: 'Weekly deliveries and barista training for a café client.',
          status: 'planning',
          customerId: customerIds[0] ?? null,
          budget: 450_000,
          currency: 'usd',
          startDate: date(7),
          dueDate: date(90),
        },
      ]),
    )
    .returning({ id: projects.id });

  const [ava, marco, lena, , priya] = staff.map((s) => s.id);
  const board: { projectId: string; title: string; status: string; priority: string; assignee?: string; due?: number }[] = [
    { projectId: relaunch!.id, title: 'Choose the compostable film', status: 'completed', priority: 'high', assignee: lena, due: -10 },
    { projectId: relaunch!.id, title: 'Label artwork for 6 origins', status: 'in_progress', priority: 'medium', assignee: priya, due: 5 },
    { projectId: relaunch!.id, title: 'Order 10,000 bags from PackRight', status: 'in_progress', priority: 'urgent', assignee: marco, due: 2 },
    { projectId: relaunch!.id, title: 'Shelf-life test of the new bags', status: 'pending', priority: 'high', assignee: lena, due: 20 },
    { projectId: relaunch!.id, title: 'Announce the new bags to subscribers', status: 'pending', priority: 'low', assignee: ava, due: 40 },
    { projectId: wholesale!.id, title: 'Agree the delivery schedule', status: 'pending', priority: 'high', assignee: ava, due: 10 },
    { projectId: wholesale!.id, title: 'Barista training plan', status: 'pending', priority: 'medium', assignee: marco, due: 21 },
    { projectId: wholesale!.id, title: 'Wholesale price list', status: 'completed', priority: 'medium', assignee: ava, due: -2 },
  ];
  const columnCount = new Map<string, number>();
  await tx.insert(tasks).values(
    board.map((t) => {
      const key = `${t.projectId}:${t.status}`;
      const n = (columnCount.get(key) ?? 0) + 1;
      columnCount.set(key, n);
      return {
        workspaceId,
        projectId: t.projectId,
        title: t.title,
        status: t.status,
        priority: t.priority,
        assigneeEmployeeId: t.assignee ?? null,
        dueDate: t.due === undefined ? null : date(t.due),
        position: n * 1024,
      };
    }),
  );

  const [roastery, annex] = await tx
    .insert(plants)
    .values(
      inWorkspace([
        { name: 'Riverside roastery', location: 'Portland, OR', capacityPerDay: 800 },
        { name: 'Packing annex', location: 'Vancouver, WA', capacityPerDay: 1500, status: 'maintenance' },
      ]),
    )
    .returning({ id: plants.id });

  const stuff = await tx
    .insert(materials)
    .values(
      inWorkspace([
        { name: 'Green beans, Colombia Huila', unit: 'kg', category: 'Green coffee', minStock: 200 },
        { name: 'Green beans, Ethiopia Yirgacheffe', unit: 'kg', category: 'Green coffee', minStock: 150 },
        { name: 'Compostable bag, 250 g', unit: 'pcs', category: 'Packaging', minStock: 2000 },
        { name: 'Label roll', unit: 'pcs', category: 'Packaging', minStock: 20 },
      ]),
    )
    .returning({ id: materials.id });
  const [huila, yirga, bag, label] = stuff.map((m) => m.id) as [string, string, string, string];
  const stock: [string, string, number][] = [
    [huila, roastery!.id, 640],
    [yirga, roastery!.id, 120],
    [bag, roastery!.id, 5200],
    [bag, annex!.id, 800],
    [label, roastery!.id, 48],
  ];
  await tx.insert(materialStock).values(stock.map(([materialId, plantId, quantity]) => ({ workspaceId, materialId, plantId, quantity })));
  await tx.insert(materialMovements).values(
    stock.map(([materialId, plantId, quantity]) => ({
      workspaceId,
      materialId,
      plantId,
      quantity,
      reason: 'Opening stock',
      createdBy: member('admin').id,
      createdAt: at(24 * 30),
    })),
  );

  // One batch per status. The admin starts them; the owner signs releases and rejections.
  const starter = member('admin');
  const signer = member('owner');
  const inputs = [
    { materialId: huila, quantity: 60 },
    { materialId: bag, quantity: 200 },
  ];
  const plan: { status: string; product: string; produced: number | null; startedHoursAgo: number | null; doneHoursAgo: number | null; path: string[] }[] = [
    { status: 'planned', product: 'Colombia Huila, 250 g', produced: null, startedHoursAgo: null, doneHoursAgo: null, path: [] },
    { status: 'in_progress', product: 'Colombia Huila, 250 g', produced: null, startedHoursAgo: 3, doneHoursAgo: null, path: ['in_progress'] },
    { status: 'on_hold', product: 'Ethiopia Yirgacheffe, 250 g', produced: null, startedHoursAgo: 30, doneHoursAgo: null, path: ['in_progress', 'on_hold'] },
    {
      status: 'quality_check',
      product: 'Colombia Huila, 250 g',
      produced: null,
      startedHoursAgo: 50,
      doneHoursAgo: null,
      path: ['in_progress', 'quality_check'],
    },
    {
      status: 'released',
      product: 'Colombia Huila, 250 g',
      produced: 236,
      startedHoursAgo: 100,
      doneHoursAgo: 90,
      path: ['in_progress', 'quality_check', 'released'],
    },
    {
      status: 'rejected',
      product: 'Ethiopia Yirgacheffe, 250 g',
      produced: 0,
      startedHoursAgo: 150,
      doneHoursAgo: 140,
      path: ['in_progress', 'quality_check', 'rejected'],
    },
    { status: 'cancelled', product: 'Decaf, 250 g', produced: null, startedHoursAgo: null, doneHoursAgo: null, path: ['cancelled'] },
  ];
  const made = await tx
    .insert(batches)
    .values(
      plan.map((b, i) => ({
        workspaceId,
        plantId: roastery!.id,
        product: b.product,
        plannedQuantity: 240,
        producedQuantity: b.produced,
        unit: 'bags',
        inputs,
        status: b.status,
        plannedStart: new Date(now - (6 - i) * day).toISOString().slice(0, 10),
        startedAt: b.startedHoursAgo === null ? null : at(b.startedHoursAgo),
        completedAt: b.doneHoursAgo === null ? null : at(b.doneHoursAgo),
        createdBy: starter.id,
        createdAt: at(200 - i),
        updatedAt: at(b.doneHoursAgo ?? b.startedHoursAgo ?? 200 - i),
      })),
    )
    .returning({ id: batches.id });
  const history = plan.flatMap((b, i) => {
    const batchId = made[i]!.id;
    let from = 'planned';
    let hour = b.startedHoursAgo ?? 199 - i;
    const rows: (typeof batchHistory.$inferInsert)[] = [
      { workspaceId, batchId, kind: 'created', toStatus: 'planned', actorId: starter.id, actorName: starter.name, createdAt: at(200 - i) },
    ];
    for (const to of b.path) {
      const signed = to === 'released' || to === 'rejected';
      const when = signed && b.doneHoursAgo !== null ? b.doneHoursAgo : hour;
      rows.push({
        workspaceId,
        batchId,
        kind: 'transition',
        fromStatus: from,
        toStatus: to,
        reason: to === 'on_hold' ? 'Roaster maintenance' : to === 'rejected' ? 'Moisture above 12.5%' : to === 'cancelled' ? 'Order withdrawn' : null,
        actorId: signed ? signer.id : starter.id,
        actorName: signed ? signer.name : starter.name,
        signature: signed
          ? { signerId: signer.id, signerName: signer.name, meaning: to === 'released' ? 'Approved for release' : 'Rejected', signedAt: at(when).toISOString() }
          : null,
        createdAt: at(when),
      });
      from = to;
      hour -= 4;
    }
    return rows;
  });
  await tx.insert(batchHistory).values(history);
}
