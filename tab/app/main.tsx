/** Entry point: find out where we run, then render the app. */
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { detectHost } from './host.js';
import './app.css';

const root = createRoot(document.getElementById('root')!);
void detectHost().then((host) => root.render(<App host={host} />));
