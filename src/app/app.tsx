import { BrowserRouter } from 'react-router';
import { AppErrorBoundary } from './error-boundary';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';
import { SessionBootstrap } from './session-bootstrap';

export function App() {
  return (
    <AppErrorBoundary>
      <AppProviders>
        <SessionBootstrap>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </SessionBootstrap>
      </AppProviders>
    </AppErrorBoundary>
  );
}
