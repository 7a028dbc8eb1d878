import { Component, computed, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { type TranslationKey } from '../../core/i18n/en';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import {
  addItem,
  moveItem,
  removeItem,
  type ListNode,
  type ObjectNode,
  type ScalarNode,
  type ValueNode,
} from './value-node';

/** Rows of a long list (an address book of 2,000 users) shown at once. */
export const ROWS_PER_PAGE = 20;

/**
 * Edits one structured setting (value-node.ts) with typed controls: an object as its fields, a list as rows
 * (objects: one line of fields per row) that can be added, removed and moved, long lists a page of rows at a
 * time. Recursive: a field that is itself a list (NTP servers) is edited in place. Controls bind to the nodes;
 * the page reads them back with `readField` when the template is saved.
 */
@Component({
  selector: 'fw-setting-value',
  imports: [
    FormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatCheckboxModule,
    MatButtonModule,
    MatIconModule,
    FwTranslatePipe,
  ],
  templateUrl: './setting-value-editor.html',
  styles: `
    :host {
      display: block;
    }
    .fw-object {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: flex-start;
    }
    .fw-row {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      align-items: flex-start;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .fw-row-index {
      min-width: 2.5em;
      padding-top: 16px;
      color: var(--mat-sys-on-surface-variant);
    }
    .fw-list-actions {
      display: flex;
      gap: 8px;
      align-items: center;
      margin-top: 4px;
    }
    .fw-check {
      padding-top: 12px;
    }
  `,
})
export class FwSettingValueEditor {
  readonly node = input.required<ValueNode>();
  /** Translated label of this value (a catalogue key's label, or an object field's). */
  readonly label = input('');
  /** Where this value is in the setting (`snmp.v3Users[1].name`): control names and test ids. */
  readonly path = input.required<string>();

  protected readonly page = signal(0);
  protected readonly rowsPerPage = ROWS_PER_PAGE;

  protected readonly scalar = computed(() => {
    const n = this.node();
    return n.kind === 'scalar' ? n : null;
  });
  protected readonly object = computed(() => {
    const n = this.node();
    return n.kind === 'object' ? n : null;
  });
  protected readonly list = computed(() => {
    const n = this.node();
    return n.kind === 'list' ? n : null;
  });

  protected fieldLabel(name: string): TranslationKey {
    return `templates.field.${name}` as TranslationKey;
  }

  protected enumValues(node: ScalarNode): readonly string[] {
    return node.type.kind === 'enum' ? node.type.values : [];
  }

  protected inputType(node: ScalarNode): string {
    if (node.type.kind === 'secret') return 'password';
    if (node.type.kind === 'integer') return 'number';
    return 'text';
  }

  /** The rows of the current page, with their index in the whole list. */
  protected rows(list: ListNode): { index: number; node: ValueNode }[] {
    const pages = Math.max(1, Math.ceil(list.items.length / ROWS_PER_PAGE));
    const page = Math.min(this.page(), pages - 1);
    const start = page * ROWS_PER_PAGE;
    return list.items.slice(start, start + ROWS_PER_PAGE).map((node, i) => ({ index: start + i, node }));
  }

  protected firstRow(list: ListNode): number {
    return Math.min(this.page() * ROWS_PER_PAGE, Math.max(0, list.items.length - 1)) + 1;
  }

  protected lastRow(list: ListNode): number {
    return Math.min((this.page() + 1) * ROWS_PER_PAGE, list.items.length);
  }

  protected hasPrevious(): boolean {
    return this.page() > 0;
  }

  protected hasNext(list: ListNode): boolean {
    return (this.page() + 1) * ROWS_PER_PAGE < list.items.length;
  }

  protected previous(): void {
    this.page.update((p) => Math.max(0, p - 1));
  }

  protected next(): void {
    this.page.update((p) => p + 1);
  }

  protected add(list: ListNode): void {
    addItem(list);
    // Show the new row.
    this.page.set(Math.floor((list.items.length - 1) / ROWS_PER_PAGE));
  }

  protected remove(list: ListNode, index: number): void {
    removeItem(list, index);
    const pages = Math.max(1, Math.ceil(list.items.length / ROWS_PER_PAGE));
    if (this.page() >= pages) this.page.set(pages - 1);
  }

  protected move(list: ListNode, index: number, delta: -1 | 1): void {
    moveItem(list, index, delta);
  }

  protected asObject(node: ValueNode): ObjectNode | null {
    return node.kind === 'object' ? node : null;
  }
}
