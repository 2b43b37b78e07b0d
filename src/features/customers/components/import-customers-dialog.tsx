// Importing customers from a CSV file (the shared CSV import dialog): a row with a code updates that customer,
// one without updates the customer with its email, and the others are created.
import { CUSTOMER_CSV_COLUMNS } from '../../../../contracts/customers';
import { CsvImportDialog, type CsvImportColumns } from '@/components/csv-import-dialog';
import { useImportCustomers } from '../api';

const columns: CsvImportColumns = { known: CUSTOMER_CSV_COLUMNS, required: ['name'] };

export function ImportCustomersDialog({ wid, open, onOpenChange }: { wid: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const importCsv = useImportCustomers(wid);
  return (
    <CsvImportDialog
      open={open}
      onOpenChange={onOpenChange}
      importCsv={importCsv}
      noun={{ one: 'customer', many: 'customers' }}
      columns={columns}
      matching="A row with a code updates that customer, a row without one the customer with its email; other rows are created."
      help={
        <>
          Tags are separated by <code>;</code>, a status is <code>active</code> or <code>inactive</code>; leave the code empty for a new customer.
        </>
      }
    />
  );
}
