// Demo analytics for the demo workspace: two services (a support chatbot and a voice agent) with a month of
// metrics up to the current hour, written set-based (one statement per metric over generate_series) with their
// 15-minute rollups, as ingestion would have left them:
//   chatbot.conversations  per hour, following the day's rhythm
//   chatbot.latency_ms     every 15 minutes, with a slow tail (p95 reads well above the average)
//   chatbot.resolved_rate  per hour, 0–1
//   voice.calls            per hour and direction (dimension `direction`: inbound, outbound)
//   voice.minutes          per hour
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from './client.js';

const DAYS = 30;

export async function seedAnalytics(tx: Tx, { workspaceId }: { workspaceId: string }) {
  const config = (value: Record<string, unknown>) => JSON.stringify(value);
  const [bot, voice] = await rowsOf<{ id: string }>(
    tx,
    sql`insert into services (workspace_id, name, kind, description, config) values
      (${workspaceId}::uuid, 'Support chatbot', 'chatbot', 'Answers order and shipping questions on the website and hands over to an agent when unsure.',
        ${config({ model: 'gpt-4o-mini', temperature: 0.3, greeting: 'Hi! Ask me about your order.', maxTokens: 800 })}::jsonb),
      (${workspaceId}::uuid, 'Order hotline', 'voice', 'Takes phone orders and reorders for wholesale clients.',
        ${config({ model: 'gpt-4o-realtime', voice: 'alloy', language: 'en-US', phoneNumber: '+4930123456' })}::jsonb)
      returning id`,
  );

  // Hours (or quarter hours) back from the current one; `busy` is the day's rhythm in 0..1, highest mid-afternoon.
  const series = (step: string, count: number, name: string, serviceId: string, value: string, dimensions = sql`'{}'::jsonb`) =>
    tx.execute(sql`
      insert into metric_points (workspace_id, name, service_id, at, value, dimensions)
      select ${workspaceId}::uuid, ${name}, ${serviceId}::uuid, s.at, ${sql.raw(value)}, ${dimensions}
      from (select date_trunc('hour', now()) - i * ${step}::interval as at from generate_series(0, ${count - 1}) i) s,
        lateral (select greatest(0, sin((extract(hour from s.at) - 8) / 24.0 * 2 * pi())) as busy) b`);
  const hours = DAYS * 24;
  await series('1 hour', hours, 'chatbot.conversations', bot!.id, 'round(2 + 18 * b.busy + random() * 4)');
  await series('15 minutes', hours * 4, 'chatbot.latency_ms', bot!.id, 'round(350 + 250 * b.busy + 600 * power(random(), 6))');
  await series('1 hour', hours, 'chatbot.resolved_rate', bot!.id, 'round((0.62 + 0.2 * random())::numeric, 3)::float8');
  for (const [direction, scale] of [
    ['inbound', 9],
    ['outbound', 3],
  ] as const)
    await series(
      '1 hour',
      hours,
      'voice.calls',
      voice!.id,
      `round(${scale} * b.busy + random() * 2)`,
      sql`jsonb_build_object('direction', ${direction}::text)`,
    );
  await series('1 hour', hours, 'voice.minutes', voice!.id, 'round((40 * b.busy + random() * 15)::numeric, 1)::float8');

  await tx.execute(sql`
    insert into metric_rollups (workspace_id, name, service_id, bucket, count, sum, min, max)
    select workspace_id, name, service_id, date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00'), count(*), sum(value), min(value), max(value)
    from metric_points where workspace_id = ${workspaceId}::uuid
    group by 1, 2, 3, 4`);
  return { serviceIds: [bot!.id, voice!.id] };
}
