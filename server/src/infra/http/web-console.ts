import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CONSOLE_NOT_BUILT_MESSAGE =
  'The Fleetward web console is not built yet. Run `npm run build:web` and restart the server.\n' +
  'The REST API is available at /api/v1 (documentation: /api/docs).\n';

const isConsolePath = (req: Request): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') && !(req.path === '/api' || req.path.startsWith('/api/'));

/**
 * Serves the built Angular console from `webDir` on the same origin, with a fallback to index.html
 * for client-side routes (any GET outside /api). Without a build, answers a plain hint instead.
 */
export function webConsoleHandlers(webDir: string): ((req: Request, res: Response, next: NextFunction) => void)[] {
  const index = path.join(webDir, 'index.html');
  if (!existsSync(index)) {
    return [
      (req, res, next) => {
        if (!isConsolePath(req)) return next();
        res.status(503).type('text/plain').send(CONSOLE_NOT_BUILT_MESSAGE);
      },
    ];
  }
  const statics = express.static(webDir, { index: false, fallthrough: true, maxAge: '1h' });
  return [
    (req, res, next) => {
      if (isConsolePath(req)) statics(req, res, next);
      else next();
    },
    (req, res, next) => {
      if (!isConsolePath(req)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    },
  ];
}
