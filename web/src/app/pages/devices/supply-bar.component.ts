import { Component, computed, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { Supply, SupplyState } from '@fleetward/contracts';
import { type TranslationKey } from '../../core/i18n/en';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { supplyStateKey } from './device-labels';

export interface FwSupplyBarView {
  /** Bar fill 0–100; null when the device gives no number (no bar, the state word instead). */
  percent: number | null;
  /** What the number means: life left (consumable) or free space (receptacle such as a waste toner box). */
  meaningKey: TranslationKey;
  stateKey: TranslationKey;
  /** True when the bar should warn (low or empty consumable, nearly full receptacle). */
  alert: boolean;
}

/** How a supply is shown: the server already gives a receptacle's percentage as free space. */
export function supplyBarView(supply: Pick<Supply, 'class' | 'remainingPercent' | 'state'>): FwSupplyBarView {
  const receptacle = supply.class === 'receptacle';
  const percent =
    supply.remainingPercent === null ? null : Math.max(0, Math.min(100, Math.round(supply.remainingPercent)));
  return {
    percent,
    meaningKey: receptacle ? 'devices.supply.freeSpace' : 'devices.supply.remaining',
    stateKey: receptacle ? receptacleStateKey(supply.state) : supplyStateKey(supply.state),
    alert: isAlertState(supply.state),
  };
}

/** A receptacle's level is free space: "low" means nearly full and "empty" means full (RFC 3805). */
function receptacleStateKey(state: SupplyState): TranslationKey {
  if (state === 'low') return 'devices.receptacleState.nearlyFull';
  if (state === 'empty') return 'devices.receptacleState.full';
  return supplyStateKey(state);
}

function isAlertState(state: SupplyState): boolean {
  return state === 'low' || state === 'empty';
}

/** One supply as a labelled bar (`null` percent shows the state word, never 0 %). */
@Component({
  selector: 'fw-supply-bar',
  imports: [MatProgressBarModule, FwTranslatePipe],
  template: `
    <div class="fw-supply" [class.fw-supply-alert]="view().alert" [attr.data-testid]="'supply-' + supply().index">
      <div class="fw-supply-label">
        <span class="fw-supply-name">{{ name() }}</span>
        <span class="fw-muted">
          @if (view().percent !== null) {
            <span data-testid="supply-percent">{{
              view().meaningKey | translate: { percent: view().percent ?? '' }
            }}</span>
          } @else {
            <span data-testid="supply-state">{{ view().stateKey | translate }}</span>
          }
        </span>
      </div>
      @if (view().percent !== null) {
        <mat-progress-bar mode="determinate" [value]="view().percent" />
      }
    </div>
  `,
  styles: `
    .fw-supply {
      margin: 8px 0;
    }
    .fw-supply-label {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 4px;
    }
    .fw-supply-alert .fw-supply-label {
      color: var(--mat-sys-error);
    }
  `,
})
export class FwSupplyBar {
  readonly supply = input.required<Supply>();
  protected readonly view = computed(() => supplyBarView(this.supply()));
  protected readonly name = computed(() => {
    const s = this.supply();
    return s.description ?? s.color ?? s.type ?? `#${s.index}`;
  });
}
