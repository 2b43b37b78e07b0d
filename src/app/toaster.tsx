// The app's toasts, in the colour theme the user chose (src/lib/theme.ts). Loaded after the first paint.
import { Toaster as Sonner } from 'sonner';
import { useTheme } from '@/lib/theme';

export function Toaster() {
  const theme = useTheme();
  return <Sonner theme={theme} position="bottom-right" closeButton toastOptions={{ className: 'text-sm' }} />;
}
