import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { routeOf } from './routing/routes';
import './styles.css';
import { recordCaughtError, startTelemetry } from './telemetry/start-telemetry';

// First, so the document load, the first fetches and any error while starting are traced. Not in
// the fault control room: its calls would put the workshop's answer in the attendees' traces.
if (routeOf(location.pathname).page !== 'control') {
  startTelemetry({ serviceVersion: __STOREFRONT_VERSION__ });
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container, {
  onCaughtError: (error) => {
    recordCaughtError(error);
  },
  onUncaughtError: (error) => {
    recordCaughtError(error);
  },
}).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
