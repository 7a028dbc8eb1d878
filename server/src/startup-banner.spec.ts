import { describe, expect, it } from 'vitest';
import { startupBanner } from './startup-banner';

describe('startupBanner', () => {
  const consoleUrl = 'https://localhost:8443/';

  it('prints the console and API documentation URLs', () => {
    const text = startupBanner({ consoleUrl, adminBootstrap: { created: false } });
    expect(text).toContain('Fleetward is running: https://localhost:8443/');
    expect(text).toContain('API documentation: https://localhost:8443/api/docs');
    expect(text).not.toContain('First start');
  });

  it('shows a generated first password once, and only names the given one', () => {
    const generated = startupBanner({
      consoleUrl,
      adminBootstrap: { created: true, generatedPassword: 'Gen-Pass-123456' },
    });
    expect(generated).toContain('sign in as "admin" with the password Gen-Pass-123456');
    expect(generated).toContain('you will be asked to change it');
    const given = startupBanner({ consoleUrl, adminBootstrap: { created: true } });
    expect(given).toContain('the password given in FLEETWARD_ADMIN_PASSWORD');
  });
});
