import { existsSync } from 'node:fs';
import { startServer } from './bootstrap';
import { ConfigError } from './infra/config/env.schema';

async function main(): Promise<void> {
  // A `.env` in the working directory fills keys not already set in the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const server = await startServer(process.env);
  server.app.enableShutdownHooks();
  const lines = [``, `Fleetward is running: ${server.consoleUrl}`, `  API documentation: ${server.consoleUrl}api/docs`];
  if (server.adminBootstrap.created) {
    lines.push(
      server.adminBootstrap.generatedPassword !== undefined
        ? `  First start: sign in as "admin" with the password ${server.adminBootstrap.generatedPassword}\n` +
            `  (shown only this once; you will be asked to change it).`
        : `  First start: sign in as "admin" with the password given in FLEETWARD_ADMIN_PASSWORD.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
  } else {
    process.stderr.write(
      `Fleetward failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
