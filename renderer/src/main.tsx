// First: must run before any zod schema is built (see zod-jitless.ts).
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { createQueryClient } from './api/query-client';
import './styles/base.css';
import './styles/controls.css';
import './styles/forms.css';
import './styles/tables.css';
import './styles/environments.css';
import './styles/dialogs.css';
import './styles/onboarding.css';
import './styles/requests.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
