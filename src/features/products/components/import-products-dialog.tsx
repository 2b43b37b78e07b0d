// Importing products from a CSV file (the shared CSV import dialog): rows are matched by SKU, and a price is
// previewed as money in its row's currency.
import { PRODUCT_CSV_COLUMNS } from '../../../../contracts/products';
import { CsvImportDialog, type CsvImportColumns } from '@/components/csv-import-dialog';
import { useImportProducts } from '../api';

const columns: CsvImportColumns = {
  known: PRODUCT_CSV_COLUMNS,
  required: ['sku', 'name', 'price'],
  money: { columns: ['price'], currency: 'currency', fallback: 'usd' },
};

export function ImportProductsDialog({ wid, open, onOpenChange }: { wid: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const importCsv = useImportProducts(wid);
  return (
    <CsvImportDialog
      open={open}
      onOpenChange={onOpenChange}
      importCsv={importCsv}
      noun={{ one: 'product', many: 'products' }}
      columns={columns}
      matching="Rows are matched by SKU: new SKUs are created, existing ones updated."
      help="The price in cents (2500 = 25.00); an empty stock is not tracked."
    />
  );
}
