import type { SettingsApplyResponse } from '@fleetward/contracts';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

type Entry =
  | { id: string; fingerprint: string; state: 'started' }
  | { id: string; fingerprint: string; state: 'done'; response: SettingsApplyResponse };

/**
 * Remembers apply operations by operationId in `<dataDir>/settings/operations.jsonl` (JSON lines, appended with
 * a synchronous write so an answer is never given before its record is on disk), bounded to the newest
 * `capacity` operations (the file is compacted when it holds twice that). An operation is recorded as
 * `started` before anything is sent and `done` with its answer after: a repeated id is answered from the
 * record, and an id whose edge died mid-send is never sent again (answered OPERATION_INTERRUPTED).
 * Responses hold no secrets (outcomes only), so the file holds none.
 */
export class OperationStore {
  private readonly file: string;
  private readonly entries = new Map<string, Entry>();
  private lines = 0;

  constructor(
    dataDir: string,
    private readonly capacity = 10_000,
  ) {
    const dir = path.join(dataDir, 'settings');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.file = path.join(dir, 'operations.jsonl');
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const entry = JSON.parse(line) as Entry;
          if (typeof entry.id === 'string') this.remember(entry);
          this.lines += 1;
        } catch {
          // A torn last line after a crash: the operation never got its answer recorded.
        }
      }
    }
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  started(id: string, fingerprint: string): void {
    this.write({ id, fingerprint, state: 'started' });
  }

  done(id: string, fingerprint: string, response: SettingsApplyResponse): void {
    this.write({ id, fingerprint, state: 'done', response });
  }

  private remember(entry: Entry): void {
    this.entries.delete(entry.id);
    this.entries.set(entry.id, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  private write(entry: Entry): void {
    this.remember(entry);
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    this.lines += 1;
    if (this.lines > 2 * this.capacity) this.compact();
  }

  private compact(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, [...this.entries.values()].map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.lines = this.entries.size;
  }
}
