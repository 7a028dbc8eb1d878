import type { LockoutState } from '../../server/src/common/lockout/lockout-policy';
import type {
  StoredTemplatePasswordFailures,
  TemplatePasswordFailureRepository,
} from '../../server/src/modules/templates/template-password-failure.repository';

type Public<T> = { [K in keyof T]: T[K] };

/** In-memory `template_password_failures` with the repository's compare-and-set writes. */
export class InMemoryTemplatePasswordFailureRepository implements Public<TemplatePasswordFailureRepository> {
  readonly rows = new Map<string, StoredTemplatePasswordFailures>();

  get(userId: string, templateId: string): Promise<StoredTemplatePasswordFailures | null> {
    const row = this.rows.get(`${userId}/${templateId}`);
    return Promise.resolve(row ? { state: { ...row.state }, revision: row.revision } : null);
  }

  replace(userId: string, templateId: string, expectedRevision: number | null, next: LockoutState): Promise<boolean> {
    const key = `${userId}/${templateId}`;
    const revision = this.rows.get(key)?.revision ?? null;
    if (revision !== expectedRevision) return Promise.resolve(false);
    this.rows.set(key, { state: { ...next }, revision: (revision ?? 0) + 1 });
    return Promise.resolve(true);
  }

  clear(userId: string, templateId: string): Promise<void> {
    this.rows.delete(`${userId}/${templateId}`);
    return Promise.resolve();
  }
}
