import { TestBed } from '@angular/core/testing';
import type { Supply } from '@fleetward/contracts';
import { FwSupplyBar, supplyBarView } from './supply-bar.component';

function supply(overrides: Partial<Supply> = {}): Supply {
  return {
    index: 1,
    description: 'Black Toner',
    partNumber: null,
    serialNumber: null,
    type: 'toner',
    class: 'consumed',
    color: 'black',
    colorSource: 'colorant',
    remainingPercent: 40,
    state: 'ok',
    raw: { level: 40, max: 100, unit: 'percent' },
    ...overrides,
  };
}

describe('supplyBarView', () => {
  it('shows a consumable as life left', () => {
    expect(supplyBarView(supply({ remainingPercent: 40 }))).toEqual({
      percent: 40,
      meaningKey: 'devices.supply.remaining',
      stateKey: 'devices.supplyState.ok',
      alert: false,
    });
  });

  it('shows a receptacle as free space', () => {
    const view = supplyBarView(supply({ class: 'receptacle', type: 'wasteToner', remainingPercent: 90 }));
    expect(view.meaningKey).toBe('devices.supply.freeSpace');
    expect(view.percent).toBe(90);
  });

  it('names a receptacle without free space full, not empty', () => {
    const full = supplyBarView(supply({ class: 'receptacle', remainingPercent: 0, state: 'empty' }));
    expect(full.stateKey).toBe('devices.receptacleState.full');
    expect(full.alert).toBe(true);
    const nearlyFull = supplyBarView(supply({ class: 'receptacle', remainingPercent: null, state: 'low' }));
    expect(nearlyFull).toMatchObject({ percent: null, stateKey: 'devices.receptacleState.nearlyFull' });
  });

  it('keeps an unknown level unknown (no bar), and a real 0 % as 0 %', () => {
    expect(supplyBarView(supply({ remainingPercent: null, state: 'unknown' })).percent).toBeNull();
    const empty = supplyBarView(supply({ remainingPercent: 0, state: 'empty' }));
    expect(empty.percent).toBe(0);
    expect(empty.alert).toBe(true);
  });
});

describe('FwSupplyBar', () => {
  afterEach(() => TestBed.resetTestingModule());

  async function render(s: Supply): Promise<HTMLElement> {
    const fixture = TestBed.createComponent(FwSupplyBar);
    fixture.componentRef.setInput('supply', s);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('labels a receptacle with its free space', async () => {
    const el = await render(supply({ class: 'receptacle', description: 'Waste toner box', remainingPercent: 75 }));
    expect(el.textContent).toContain('Waste toner box');
    expect(el.querySelector('[data-testid="supply-percent"]')?.textContent?.trim()).toBe('75 % free space');
    expect(el.querySelector('mat-progress-bar')).not.toBeNull();
  });

  it('shows the state word instead of 0 % when the level is unknown', async () => {
    const el = await render(supply({ remainingPercent: null, state: 'low' }));
    expect(el.querySelector('[data-testid="supply-state"]')?.textContent?.trim()).toBe('Low');
    expect(el.querySelector('[data-testid="supply-percent"]')).toBeNull();
    expect(el.querySelector('mat-progress-bar')).toBeNull();
    expect(el.textContent).not.toContain('%');
  });
});
