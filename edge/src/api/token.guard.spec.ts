import type { ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { UnauthorizedError } from '../common/edge-error';
import { EdgeAuth, SERVER_CLIENT_CN } from './edge-auth';
import { EdgeTokenGuard } from './token.guard';

const TOKEN = 'a-long-enough-edge-token';

/** A request as Express hands it over: headers and the TLS socket with its peer certificate. */
function context(options: { authorization?: string; authorized?: boolean; cn?: string }): ExecutionContext {
  const req = {
    headers: options.authorization ? { authorization: options.authorization } : {},
    socket: {
      authorized: options.authorized ?? false,
      getPeerCertificate: () => (options.cn ? { subject: { CN: options.cn } } : {}),
    },
  };
  return { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
}

describe('EdgeTokenGuard', () => {
  it('manual mode: the bearer token, compared exactly', () => {
    const sut = new EdgeTokenGuard(EdgeAuth.token(TOKEN));
    expect(sut.canActivate(context({ authorization: `Bearer ${TOKEN}` }))).toBe(true);
    expect(() => sut.canActivate(context({ authorization: `Bearer ${TOKEN}x` }))).toThrow(UnauthorizedError);
    expect(() => sut.canActivate(context({}))).toThrow(UnauthorizedError);
  });

  it('activated: only a verified client certificate named fleetward-server; a token alone is refused', () => {
    const sut = new EdgeTokenGuard(new EdgeAuth({ kind: 'mutualTls' }));
    expect(sut.canActivate(context({ authorized: true, cn: SERVER_CLIENT_CN }))).toBe(true);
    expect(() => sut.canActivate(context({ authorization: `Bearer ${TOKEN}` }))).toThrow(/client certificate/);
    expect(() => sut.canActivate(context({ authorized: false, cn: SERVER_CLIENT_CN }))).toThrow(UnauthorizedError);
    expect(() => sut.canActivate(context({ authorized: true, cn: 'some-edge-id' }))).toThrow(/not the server/);
  });

  it('pending activation: everything is refused, then the switch to mutual TLS applies at once', () => {
    const auth = new EdgeAuth({ kind: 'pending' });
    const sut = new EdgeTokenGuard(auth);
    expect(() => sut.canActivate(context({ authorized: true, cn: SERVER_CLIENT_CN }))).toThrow(/not activated/);
    auth.mode = { kind: 'mutualTls' };
    expect(sut.canActivate(context({ authorized: true, cn: SERVER_CLIENT_CN }))).toBe(true);
  });
});
