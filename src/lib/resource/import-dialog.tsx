// Importing records from a CSV file (the shared CSV import dialog): the columns are the declaration's (code,
// then the writable fields), a row with a code updates that record, and money fields are previewed as money.
import { csvColumns, fieldsOf, writableFields } from '../../../contracts/resource';
import { CsvImportDialog, type CsvImportColumns } from '@/components/csv-import-dialog';
import { useImportRecords } from './api';
import type { Resource } from './meta';

/** The declaration's CSV columns: which are required, and which hold money in which currency field. */
function importColumns(def: Resource['def']): CsvImportColumns {
  const fields = fieldsOf(def);
  const currency = fields.find((f) => f.kind === 'currency');
  const money = fields.filter((f) => f.kind === 'money').map((f) => f.key);
  return {
    known: csvColumns(def),
    required: writableFields(def)
      .filter((f) => f.required)
      .map((f) => f.key),
    ...(money.length > 0
      ? { money: { columns: money, currency: currency?.key ?? 'currency', fallback: currency?.kind === 'currency' ? currency.default : 'usd' } }
      : {}),
  };
}

export function ImportRecordsDialog({
  resource,
  wid,
  open,
  onOpenChange,
}: {
  resource: Resource;
  wid: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const { def } = resource;
  const importCsv = useImportRecords(resource, wid);
  const label = def.label.toLowerCase();
  return (
    <CsvImportDialog
      open={open}
      onOpenChange={onOpenChange}
      importCsv={importCsv}
      noun={{ one: label, many: def.pluralLabel.toLowerCase() }}
      columns={importColumns(def)}
      matching={`Rows with a code update that ${label}; rows without one are created.`}
      help="Money in minor units (2500 = 25.00), dates as YYYY-MM-DD."
    />
  );
}
