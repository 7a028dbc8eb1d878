import { Injectable, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { REQUIRED_PERMISSIONS_KEY, UNAUTHENTICATED_KEY } from '../../common/auth/auth.metadata';

/** A route that declares neither a permission nor `@Unauthenticated()`. */
export interface UndeclaredRoute {
  controller: string;
  handler: string;
  method: string;
  path: string;
}

/**
 * Startup check: every controller route must declare `@RequirePermission` or `@Unauthenticated`.
 * The guard denies undeclared routes anyway; this makes the mistake fail the start, listing them all.
 */
@Injectable()
export class RouteDeclarationCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = this.findUndeclared();
    if (undeclared.length > 0) {
      throw new Error(
        'Routes without @RequirePermission(...) or @Unauthenticated() (default deny):\n' +
          undeclared.map((r) => `  - ${r.method} ${r.path} (${r.controller}.${r.handler})`).join('\n'),
      );
    }
  }

  findUndeclared(): UndeclaredRoute[] {
    const out: UndeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!instance || !type) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      const controllerPath = String(this.reflector.get<string | string[] | undefined>(PATH_METADATA, type) ?? '');
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = this.reflector.get<RequestMethod | undefined>(METHOD_METADATA, handler as () => unknown);
        const routePath = this.reflector.get<string | string[] | undefined>(PATH_METADATA, handler as () => unknown);
        if (method === undefined || routePath === undefined) continue;
        const targets = [handler as () => unknown, type];
        const declared =
          this.reflector.getAllAndOverride<boolean | undefined>(UNAUTHENTICATED_KEY, targets) === true ||
          (this.reflector.getAllAndOverride<unknown[] | undefined>(REQUIRED_PERMISSIONS_KEY, targets)?.length ?? 0) > 0;
        if (!declared) {
          out.push({
            controller: type.name,
            handler: name,
            method: RequestMethod[method],
            path: joinPath(controllerPath, String(routePath)),
          });
        }
      }
    }
    return out;
  }
}

function joinPath(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}
