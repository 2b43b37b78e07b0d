import { BrowserRouter } from 'react-router';
import { SlotProvider } from '@/lib/slot-features';
import { AppErrorBoundary } from './error-boundary';
import { features } from './features';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';
import { SessionBootstrap } from './session-bootstrap';

export function App() {
  return (
    <AppErrorBoundary>
      <AppProviders>
        <SessionBootstrap>
          <BrowserRouter>
            <SlotProvider features={features}>
              <AppRoutes />
            </SlotProvider>
          </BrowserRouter>
        </SessionBootstrap>
      </AppProviders>
    </AppErrorBoundary>
  );
}
