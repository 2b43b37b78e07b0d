// The extras of a material's page (slot material.details): its stock per plant (plants below the minimum
// highlighted), a movement form (receive or take, one Idempotency-Key per submit) and its movements, newest
// first. A movement of this tab that takes a plant below the minimum is announced here; other members get the
// realtime toast (manifest.ts).
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { Material, Movement } from '../../../../contracts/operations';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { LoadMore } from '@/components/load-more';
import { Spinner } from '@/components/spinner';
import { inputClass, TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import type { RecordSlotProps } from '@/lib/feature';
import { formatDateTime } from '@/lib/format-time';
import { hasRole } from '@/lib/roles';
import { materialQueryOptions, movementsQueryOptions, plantsQueryOptions, useRecordMovement } from '../api';
import { newIdempotencyKey } from '../idempotency-key';
import { lowStockMessage } from '../low-stock';

type Plant = { id: string; code: string; name: string };

const isBelow = (material: Material, quantity: number) => material.minStock !== null && quantity < material.minStock;

export function MaterialStockPanel({ wid, id, role }: RecordSlotProps) {
  const material = useQuery(materialQueryOptions(wid, id));
  const plants = useQuery(plantsQueryOptions(wid));
  if (material.isPending || plants.isPending) return <Spinner label="Loading the stock" className="px-4 py-3" />;
  if (material.isError || plants.isError)
    return (
      <p role="alert" className="text-sm text-danger">
        {errorMessage(material.error ?? plants.error)}
      </p>
    );
  const list = plants.data.data as Plant[];
  return (
    <div className="space-y-4">
      <StockTable material={material.data} plants={list} />
      {hasRole(role, 'agent') ? <MovementForm wid={wid} material={material.data} plants={list} /> : null}
      <Movements wid={wid} material={material.data} plants={list} />
    </div>
  );
}

function StockTable({ material, plants }: { material: Material; plants: Plant[] }) {
  const byId = new Map(plants.map((p) => [p.id, p]));
  return (
    <Card title="Stock per plant" description={material.minStock !== null ? `Minimum ${material.minStock} ${material.unit} at each plant.` : 'No minimum set.'}>
      {material.stock.length === 0 ? (
        <p className="text-sm text-muted">No stock at any plant yet.</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-muted">
              <th className="py-1 font-medium">Plant</th>
              <th className="py-1 text-right font-medium">Quantity</th>
            </tr>
          </thead>
          <tbody>
            {material.stock.map((s) => {
              const below = isBelow(material, s.quantity);
              const plant = byId.get(s.plantId);
              return (
                <tr
                  key={s.plantId}
                  data-testid="material-stock-row"
                  data-below={below ? 'true' : undefined}
                  className={below ? 'border-t border-border bg-warning-soft' : 'border-t border-border'}
                >
                  <td className="px-1 py-1.5">
                    {plant ? `${plant.name} (${plant.code})` : 'Another plant'}
                    {below ? (
                      <span className="ml-2">
                        <Badge tone="warning">Below minimum</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className="px-1 py-1.5 text-right tabular-nums">
                    {s.quantity} {material.unit}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function MovementForm({ wid, material, plants }: { wid: string; material: Material; plants: Plant[] }) {
  const record = useRecordMovement(wid, material.id);
  const ids = useId();
  const [plantId, setPlantId] = useState(plants[0]?.id ?? '');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = Number(quantity);
    const local: Record<string, string> = {};
    if (!plantId) local.plantId = 'Choose a plant';
    if (!Number.isInteger(amount) || amount < 1) local.quantity = 'Enter a whole number, 1 or more';
    if (!reason.trim()) local.reason = 'Enter a reason';
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const signed = direction === 'in' ? amount : -amount;
    const before = material.stock.find((s) => s.plantId === plantId)?.quantity ?? 0;
    try {
      await record.mutateAsync({ body: { plantId, quantity: signed, reason: reason.trim() }, idempotencyKey: newIdempotencyKey() });
      setQuantity('');
      setReason('');
      const plant = plants.find((p) => p.id === plantId);
      toast.success(`${direction === 'in' ? 'Received' : 'Took'} ${amount} ${material.unit} at ${plant?.name ?? 'the plant'}`);
      // Other members hear of it through the realtime event; this tab is not sent its own.
      if (material.minStock !== null && before >= material.minStock && before + signed < material.minStock) {
        toast.warning(lowStockMessage({ material, plantName: plant?.name ?? 'the plant', quantity: before + signed, minStock: material.minStock }), {
          duration: 10_000,
        });
      }
    } catch (error) {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      setErrors({ plantId: fields.plantId, quantity: fields.quantity, reason: fields.reason, form: errorMessage(error) });
    }
  }

  return (
    <Card title="Record a movement" description="Receive stock at a plant, or take it out. Stock never goes below zero.">
      <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor={`${ids}-plant`} className="block text-xs font-medium">
            Plant
          </label>
          <select
            id={`${ids}-plant`}
            value={plantId}
            onChange={(e) => setPlantId(e.target.value)}
            className={inputClass}
            aria-invalid={errors.plantId ? true : undefined}
          >
            {plants.length === 0 ? <option value="">No plants yet</option> : null}
            {plants.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.code})
              </option>
            ))}
          </select>
          {errors.plantId ? <p className="text-xs text-danger">{errors.plantId}</p> : null}
        </div>
        <fieldset className="space-y-1">
          <legend className="text-xs font-medium">Direction</legend>
          <div className="flex h-8 items-center gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name={`${ids}-direction`} checked={direction === 'in'} onChange={() => setDirection('in')} /> + Receive
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name={`${ids}-direction`} checked={direction === 'out'} onChange={() => setDirection('out')} /> − Take
            </label>
          </div>
        </fieldset>
        <TextField
          label={`Quantity (${material.unit})`}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={quantity}
          onChange={(e) => setQuantity(e.target.value)}
          error={errors.quantity}
        />
        <TextField
          label="Reason"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
          error={errors.reason}
          placeholder="Delivery, count correction…"
        />
        <div className="flex items-center justify-between gap-3 sm:col-span-2">
          {errors.form ? (
            <p role="alert" className="text-sm text-danger">
              {errors.form}
            </p>
          ) : (
            <span />
          )}
          <Button type="submit" variant="primary" disabled={record.isPending}>
            {record.isPending ? 'Saving…' : 'Record movement'}
          </Button>
        </div>
      </form>
    </Card>
  );
}

function Movements({ wid, material, plants }: { wid: string; material: Material; plants: Plant[] }) {
  const movements = useInfiniteQuery(movementsQueryOptions(wid, material.id, null));
  const byId = new Map(plants.map((p) => [p.id, p]));
  const rows: Movement[] = movements.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card title="Movements" description="Newest first.">
      {movements.isPending ? (
        <Spinner label="Loading movements" />
      ) : movements.isError ? (
        <p role="alert" className="text-sm text-danger">
          {errorMessage(movements.error)}
        </p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted">No movements yet.</p>
      ) : (
        <>
          <ul className="divide-y divide-border text-sm">
            {rows.map((m) => (
              <li key={m.id} data-testid="material-movement" className="flex flex-wrap items-baseline justify-between gap-x-3 py-1.5">
                <span>
                  <span className={m.quantity > 0 ? 'font-medium text-success' : 'font-medium text-danger'}>
                    {m.quantity > 0 ? '+' : '−'}
                    {Math.abs(m.quantity)} {material.unit}
                  </span>{' '}
                  at {byId.get(m.plantId)?.name ?? 'another plant'} · {m.reason}
                </span>
                <span className="text-xs text-muted">
                  {m.createdBy?.name ?? 'A former member'} · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time>
                </span>
              </li>
            ))}
          </ul>
          <LoadMore list={movements} />
        </>
      )}
    </Card>
  );
}
