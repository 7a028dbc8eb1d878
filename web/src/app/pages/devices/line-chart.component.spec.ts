import { TestBed } from '@angular/core/testing';
import { FwLineChart, chartDomain, seriesToPolylines, type FwChartSeries } from './line-chart.component';

const box = { width: 220, height: 120, padding: 10 };

describe('chartDomain', () => {
  it('spans every non-null point of every series', () => {
    const series: FwChartSeries[] = [
      {
        label: 'a',
        points: [
          { t: 100, v: 5 },
          { t: 200, v: null },
        ],
      },
      {
        label: 'b',
        points: [
          { t: 50, v: 9 },
          { t: 300, v: 1 },
        ],
      },
    ];
    expect(chartDomain(series)).toEqual({ tMin: 50, tMax: 300, vMin: 1, vMax: 9 });
  });

  it('is null without numbers, widens a flat range and honours fixed bounds', () => {
    expect(chartDomain([{ label: 'a', points: [{ t: 1, v: null }] }])).toBeNull();
    expect(chartDomain([{ label: 'a', points: [{ t: 1, v: 7 }] }])).toEqual({ tMin: 1, tMax: 2, vMin: 7, vMax: 8 });
    expect(
      chartDomain(
        [
          {
            label: 'a',
            points: [
              { t: 1, v: 40 },
              { t: 2, v: 60 },
            ],
          },
        ],
        { vMin: 0, vMax: 100 },
      ),
    ).toEqual({ tMin: 1, tMax: 2, vMin: 0, vMax: 100 });
  });
});

describe('seriesToPolylines', () => {
  const domain = { tMin: 0, tMax: 100, vMin: 0, vMax: 50 };

  it('maps time to x and value to y (upwards) inside the padding', () => {
    expect(
      seriesToPolylines(
        [
          { t: 0, v: 0 },
          { t: 50, v: 25 },
          { t: 100, v: 50 },
        ],
        domain,
        box,
      ),
    ).toEqual(['10,110 110,60 210,10']);
  });

  it('breaks the line at a missing value instead of drawing it as 0', () => {
    expect(
      seriesToPolylines(
        [
          { t: 0, v: 50 },
          { t: 25, v: 50 },
          { t: 50, v: null },
          { t: 100, v: 0 },
        ],
        domain,
        box,
      ),
    ).toEqual(['10,10 60,10', '210,110']);
  });
});

describe('FwLineChart', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('draws one polyline per run and a legend', async () => {
    const fixture = TestBed.createComponent(FwLineChart);
    fixture.componentRef.setInput('series', [
      {
        label: 'Total',
        points: [
          { t: 0, v: 1 },
          { t: 10, v: 3 },
        ],
      },
      {
        label: 'Color',
        points: [
          { t: 0, v: 2 },
          { t: 5, v: null },
          { t: 10, v: 2 },
        ],
      },
    ] satisfies FwChartSeries[]);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelectorAll('polyline')).toHaveLength(3);
    expect(el.querySelector('.fw-chart-legend')?.textContent).toContain('Total');
  });

  it('shows the empty text when there is nothing to draw', async () => {
    const fixture = TestBed.createComponent(FwLineChart);
    fixture.componentRef.setInput('series', []);
    fixture.componentRef.setInput('emptyText', 'No readings');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('svg')).toBeNull();
    expect(el.querySelector('[data-testid="line-chart-empty"]')?.textContent?.trim()).toBe('No readings');
  });
});
