// The extras of a batch's page (slot batch.details): its status with the moves allowed from it, the signature
// dialog of release and reject (disabled, with the reason, for the member who started the batch), what the
// plant has of each input (the inputs themselves are listed in the page's details), and its history. Live: the
// batch and its history follow `batch.updated`.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { BATCH_TRANSITIONS, type Batch, type BatchHistoryEntry, type BatchStatus, type TransitionBody } from '../../../../contracts/operations';
import { Badge } from '@/components/badge';
import { Button } from '@/components/button';
import { Card } from '@/components/card';
import { Dialog, DialogActions } from '@/components/dialog';
import { Spinner } from '@/components/spinner';
import { TextField } from '@/components/text-field';
import { ApiError, errorMessage } from '@/lib/api-error';
import type { RecordSlotProps } from '@/lib/feature';
import { hasRole } from '@/lib/roles';
import { useCurrentUser } from '@/lib/session-store';
import { batchHistoryQueryOptions, batchQueryOptions, materialQueryOptions, plantQueryOptions, useTransitionBatch } from '../api';
import { ASKS_REASON, actionLabel, BATCH_STATUS_LABELS, SIGNED } from './batch-labels';
import { BatchTimeline } from './batch-timeline';
import { SignatureDialog } from './signature-dialog';

/** Who started the batch: the actor of its move from planned to in progress. */
export function starterOf(history: BatchHistoryEntry[]): { id: string | null; name: string } | null {
  const start = history.find((h) => h.kind === 'transition' && h.from === 'planned' && h.to === 'in_progress');
  return start ? start.actor : null;
}

export function BatchPanel({ wid, id, role }: RecordSlotProps) {
  const batch = useQuery(batchQueryOptions(wid, id));
  const history = useQuery(batchHistoryQueryOptions(wid, id));
  if (batch.isPending) return <Spinner label="Loading the batch" className="px-4 py-3" />;
  if (batch.isError)
    return (
      <p role="alert" className="text-sm text-danger">
        {errorMessage(batch.error)}
      </p>
    );
  const entries = history.data?.data ?? [];
  return (
    <div className="space-y-4">
      <BatchStatusCard wid={wid} batch={batch.data} role={role} starter={starterOf(entries)} />
      <BatchInputs wid={wid} batch={batch.data} />
      <Card title="History" description="Every change, oldest first. Nothing in it can be edited or deleted.">
        {history.isPending ? (
          <Spinner label="Loading the history" />
        ) : history.isError ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(history.error)}
          </p>
        ) : (
          <BatchTimeline entries={entries} />
        )}
      </Card>
    </div>
  );
}

function BatchStatusCard({
  wid,
  batch,
  role,
  starter,
}: {
  wid: string;
  batch: Batch;
  role: RecordSlotProps['role'];
  starter: { id: string | null; name: string } | null;
}) {
  const me = useCurrentUser();
  const transition = useTransitionBatch(wid, batch.id);
  const [signing, setSigning] = useState<'released' | 'rejected' | null>(null);
  const [asking, setAsking] = useState<BatchStatus | null>(null);
  const ruleId = useId();
  const targets = BATCH_TRANSITIONS[batch.status];
  const canWrite = hasRole(role, 'agent');
  const iStarted = starter !== null ? starter.id === me.id : batch.status !== 'planned' && batch.createdBy === me.id;
  const needsSignature = targets.some((t) => SIGNED.includes(t));
  const move = (body: TransitionBody) => transition.mutateAsync(body);
  const failure = transition.error && !signing && !asking ? transition.error : null;

  return (
    <Card
      title="Status"
      actions={
        <span data-testid="batch-status">
          <Badge tone={batch.status === 'released' ? 'accent' : batch.status === 'rejected' || batch.status === 'on_hold' ? 'warning' : 'neutral'}>
            {BATCH_STATUS_LABELS[batch.status]}
          </Badge>
        </span>
      }
    >
      {targets.length === 0 ? (
        <p className="text-sm text-muted">This batch is {BATCH_STATUS_LABELS[batch.status].toLowerCase()}: it can no longer change.</p>
      ) : !canWrite ? (
        <p className="text-sm text-muted">Agents and above move batches along.</p>
      ) : (
        <>
          {needsSignature ? (
            <p id={ruleId} className="mb-3 text-sm text-muted">
              Release and reject need an electronic signature by a member other than the one who started the batch
              {starter ? ` (${starter.name})` : ''}.{' '}
              {iStarted ? <strong className="text-fg">You started this batch, so another member must sign its release or rejection.</strong> : null}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {targets.map((to) => {
              const signed = SIGNED.includes(to);
              return (
                <Button
                  key={to}
                  variant={to === 'cancelled' || to === 'rejected' ? 'danger' : to === 'released' || to === 'in_progress' ? 'primary' : 'secondary'}
                  disabled={transition.isPending || (signed && iStarted)}
                  aria-describedby={signed ? ruleId : undefined}
                  onClick={() => {
                    transition.reset();
                    if (signed) setSigning(to as 'released' | 'rejected');
                    else if (ASKS_REASON.includes(to)) setAsking(to);
                    else transition.mutate({ to });
                  }}
                >
                  {actionLabel(batch.status, to)}
                </Button>
              );
            })}
          </div>
        </>
      )}
      {batch.producedQuantity !== null ? (
        <p className="mt-3 text-sm">
          Produced: {batch.producedQuantity} {batch.unit} of {batch.plannedQuantity} planned
        </p>
      ) : null}
      {failure ? <TransitionFailure error={failure} /> : null}
      <SignatureDialog
        open={signing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setSigning(null);
            transition.reset();
          }
        }}
        to={signing ?? 'released'}
        batch={batch}
        signer={{ name: me.name, email: me.email }}
        starterName={starter?.name ?? null}
        onSign={move}
      />
      <ReasonDialog
        to={asking}
        from={batch.status}
        onClose={() => {
          setAsking(null);
          transition.reset();
        }}
        onConfirm={async (reason) => {
          await move({ to: asking!, ...(reason ? { reason } : {}) });
          setAsking(null);
        }}
      />
    </Card>
  );
}

function TransitionFailure({ error }: { error: unknown }) {
  const details = error instanceof ApiError && error.code === 'out_of_stock' ? error.details : [];
  return (
    <div role="alert" className="mt-3 text-sm text-danger">
      <p>{errorMessage(error)}</p>
      {details.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {details.map((d) => (
            <li key={d.path}>{d.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ReasonDialog({
  to,
  from,
  onClose,
  onConfirm,
}: {
  to: BatchStatus | null;
  from: BatchStatus;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <Dialog
      open={to !== null}
      onOpenChange={(open) => {
        if (!open) {
          setReason('');
          setError(null);
          onClose();
        }
      }}
      title={to ? `${actionLabel(from, to)}?` : ''}
      description="The reason is kept in the batch history."
    >
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setPending(true);
          try {
            await onConfirm(reason.trim());
            setReason('');
            setError(null);
          } catch (failure) {
            setError(errorMessage(failure));
          } finally {
            setPending(false);
          }
        }}
      >
        <TextField label="Reason (optional)" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        <DialogActions>
          <Button onClick={onClose}>Back</Button>
          <Button type="submit" variant={to === 'cancelled' ? 'danger' : 'primary'} disabled={pending}>
            {to ? actionLabel(from, to) : ''}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function BatchInputs({ wid, batch }: { wid: string; batch: Batch }) {
  const inputs = batch.inputs ?? [];
  const ids = [...new Set(inputs.map((i) => i.materialId))];
  const materials = useQueries({ queries: ids.map((materialId) => materialQueryOptions(wid, materialId)) });
  const plant = useQuery(plantQueryOptions(wid, batch.plantId));
  const byId = new Map(ids.map((materialId, i) => [materialId, materials[i]!]));
  const plantName = plant.data?.name ?? 'the plant';
  const planned = batch.status === 'planned';
  // What the start would take of each material (inputs may name one twice).
  const needed = new Map<string, number>();
  for (const input of inputs) needed.set(input.materialId, (needed.get(input.materialId) ?? 0) + input.quantity);
  return (
    <Card
      title="Stock for the inputs"
      description={planned ? `What ${plantName} has of each input the start will take.` : `What ${plantName} has left of each input the start took.`}
    >
      {inputs.length === 0 ? (
        <p className="text-sm text-muted">No inputs.</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-xs text-muted">
              <th className="py-1 font-medium">Material</th>
              <th className="py-1 text-right font-medium">{planned ? 'Needed' : 'Taken'}</th>
              <th className="py-1 text-right font-medium">{planned ? `At ${plantName}` : 'Stock now'}</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map((input, i) => {
              const query = byId.get(input.materialId)!;
              const material = query.data;
              const available = material?.stock.find((s) => s.plantId === batch.plantId)?.quantity ?? 0;
              const short = planned && material !== undefined && available < needed.get(input.materialId)!;
              return (
                <tr key={`${input.materialId}-${i}`} className="border-t border-border" data-testid="batch-input">
                  <td className="py-1.5">
                    {material ? `${material.name} (${material.code})` : query.isError ? 'A material that no longer exists' : 'Loading…'}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">
                    {input.quantity} {material?.unit ?? ''}
                  </td>
                  <td className={short ? 'py-1.5 text-right font-medium text-danger' : 'py-1.5 text-right text-muted'}>
                    {material ? (
                      <>
                        {available} {material.unit}
                        {planned ? (short ? ` · short by ${needed.get(input.materialId)! - available}` : ' · enough') : ''}
                      </>
                    ) : null}
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
