// The interface's entry: the shared look first (theme.css: the bundled Chinese font and colours),
// then the frame's styles, then the application.
import './theme.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
