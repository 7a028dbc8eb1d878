import type { StartedServer } from './bootstrap';

/**
 * What `npm start` (and `npm run demo`) print once the server listens: the console URL and, on the first start,
 * how to sign in (a generated password is printed here only, never logged).
 */
export function startupBanner(server: Pick<StartedServer, 'consoleUrl' | 'adminBootstrap'>): string {
  const lines = [``, `Fleetward is running: ${server.consoleUrl}`, `  API documentation: ${server.consoleUrl}api/docs`];
  if (server.adminBootstrap.created) {
    lines.push(
      server.adminBootstrap.generatedPassword !== undefined
        ? `  First start: sign in as "admin" with the password ${server.adminBootstrap.generatedPassword}\n` +
            `  (shown only this once; you will be asked to change it).`
        : `  First start: sign in as "admin" with the password given in FLEETWARD_ADMIN_PASSWORD.`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}
