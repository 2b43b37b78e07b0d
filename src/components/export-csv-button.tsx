// "Export CSV" for a list: fetches the list's CSV with its current filters (`load`), saves it as
// `<name>-<date>.csv`, and says so when it fails. Disabled while it runs.
import { Download } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/button';
import { errorMessage } from '@/lib/api-error';
import { datedFilename, saveCsv } from '@/lib/csv-file';

export function ExportCsvButton({ load, name }: { load: () => Promise<string>; name: string }) {
  const [exporting, setExporting] = useState(false);
  async function exportCsv() {
    setExporting(true);
    try {
      saveCsv(await load(), datedFilename(name));
    } catch (error) {
      toast.error(`Export failed: ${errorMessage(error)}`);
    } finally {
      setExporting(false);
    }
  }
  return (
    <Button onClick={exportCsv} disabled={exporting}>
      <Download aria-hidden className="size-4" />
      {exporting ? 'Exporting…' : 'Export CSV'}
    </Button>
  );
}
