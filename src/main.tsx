import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Entry } from './start/Entry';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './styles.css';
import './ui/pacs.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <Entry />
    </ErrorBoundary>
  </StrictMode>,
);
