/**
 * Serves the built tab (Vite output) under `/tab`: its assets as files, and its index.html for
 * the pages of `shared/routes.ts` only, so that an unknown page is a 404 rather than an empty app.
 * Mounted by the server at `/tab`, so paths seen here are relative to it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import { TAB_BASE, tabPageFor } from './shared/routes.js';

export const DEFAULT_TAB_DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dist');

export function tabIsBuilt(distDir = DEFAULT_TAB_DIST): boolean {
  return existsSync(path.join(distDir, 'index.html'));
}

export function createTabStatic(distDir = DEFAULT_TAB_DIST): RequestHandler {
  const router = express.Router();
  // Hashed asset names never change content: cache them; the page itself is always revalidated.
  router.use('/assets', express.static(path.join(distDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (!tabPageFor(TAB_BASE + req.path)) return next();
    if (!tabIsBuilt(distDir)) {
      res.status(503).json({ error: 'Fliken är inte byggd. Kör "npm run build" (npm start gör det).' });
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(distDir, 'index.html'));
  });
  return router;
}
