// A batch's inputs on its page (the batches pages give it to the `inputs` field): each material by code and
// name, linked to its page, with the quantity the start takes in the material's unit.
import { Link } from 'react-router';
import type { Batch } from '../../../../contracts/operations';
import type { FieldViewProps } from '@/lib/resource/field-components';
import { materials } from '../resources';
import { useMaterials } from './materials';

type BatchInput = NonNullable<Batch['inputs']>[number];

export function BatchInputsView({ wid, value }: FieldViewProps<BatchInput[], Batch>) {
  const lookups = useMaterials(
    wid,
    value.map((input) => input.materialId),
  );
  if (value.length === 0) return <span className="text-muted">None</span>;
  return (
    <table className="text-sm whitespace-normal">
      <thead className="sr-only">
        <tr>
          <th>Code</th>
          <th>Material</th>
          <th>Quantity</th>
        </tr>
      </thead>
      <tbody>
        {value.map((input, i) => {
          const lookup = lookups.get(input.materialId);
          const material = lookup?.material;
          return (
            <tr key={`${input.materialId}-${i}`} className="border-b border-border last:border-b-0" data-testid="batch-input-item">
              <td className="py-1.5 pr-4 font-mono text-xs text-muted">{material?.code ?? ''}</td>
              <td className="py-1.5 pr-8">
                {material ? (
                  <Link to={`/w/${wid}/${materials.path}/${material.id}`} className="hover:text-accent hover:underline">
                    {material.name}
                  </Link>
                ) : lookup?.missing ? (
                  <span className="text-muted italic">A material that no longer exists</span>
                ) : (
                  <span className="text-muted">…</span>
                )}
              </td>
              <td className="py-1.5 text-right tabular-nums">
                {input.quantity.toLocaleString('en')} {material?.unit ?? ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
