import { Component, computed, input } from '@angular/core';

export interface FwChartPoint {
  /** Time (ms since epoch). */
  t: number;
  /** Value; null is a gap (the device gave no number), never drawn as 0. */
  v: number | null;
}

export interface FwChartSeries {
  label: string;
  points: readonly FwChartPoint[];
}

export interface FwChartBox {
  width: number;
  height: number;
  padding: number;
}

export interface FwChartDomain {
  tMin: number;
  tMax: number;
  vMin: number;
  vMax: number;
}

/** Smallest box holding every non-null point of every series; a flat range is widened so it is drawable. */
export function chartDomain(series: readonly FwChartSeries[], fixed?: Partial<FwChartDomain>): FwChartDomain | null {
  let tMin = Infinity;
  let tMax = -Infinity;
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (p.v === null || !Number.isFinite(p.v)) continue;
      tMin = Math.min(tMin, p.t);
      tMax = Math.max(tMax, p.t);
      vMin = Math.min(vMin, p.v);
      vMax = Math.max(vMax, p.v);
    }
  }
  if (tMin === Infinity) return null;
  const domain = { tMin, tMax, vMin, vMax, ...fixed };
  if (domain.tMax === domain.tMin) domain.tMax = domain.tMin + 1;
  if (domain.vMax === domain.vMin) domain.vMax = domain.vMin + 1;
  return domain;
}

/**
 * Maps one series to SVG polyline point lists (`"x,y x,y"`), one per unbroken run: a null value ends a run.
 * Time grows to the right, values grow upwards (SVG y grows downwards).
 */
export function seriesToPolylines(points: readonly FwChartPoint[], domain: FwChartDomain, box: FwChartBox): string[] {
  const innerW = box.width - 2 * box.padding;
  const innerH = box.height - 2 * box.padding;
  const runs: string[] = [];
  let run: string[] = [];
  for (const p of points) {
    if (p.v === null || !Number.isFinite(p.v)) {
      if (run.length) runs.push(run.join(' '));
      run = [];
      continue;
    }
    const x = box.padding + ((p.t - domain.tMin) / (domain.tMax - domain.tMin)) * innerW;
    const y = box.padding + innerH - ((p.v - domain.vMin) / (domain.vMax - domain.vMin)) * innerH;
    run.push(`${round(x)},${round(y)}`);
  }
  if (run.length) runs.push(run.join(' '));
  return runs;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const PALETTE = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#455a64'];

/** A small inline-SVG line chart (no chart library): one polyline per series, min/max labels, a legend. */
@Component({
  selector: 'fw-line-chart',
  template: `
    @if (drawn(); as d) {
      <svg
        [attr.viewBox]="'0 0 ' + box.width + ' ' + box.height"
        class="fw-chart"
        role="img"
        [attr.aria-label]="ariaLabel()"
        data-testid="line-chart"
      >
        <line
          [attr.x1]="box.padding"
          [attr.y1]="box.height - box.padding"
          [attr.x2]="box.width - box.padding"
          [attr.y2]="box.height - box.padding"
          class="fw-chart-axis"
        />
        <line
          [attr.x1]="box.padding"
          [attr.y1]="box.padding"
          [attr.x2]="box.padding"
          [attr.y2]="box.height - box.padding"
          class="fw-chart-axis"
        />
        <text [attr.x]="box.padding - 4" [attr.y]="box.padding + 4" text-anchor="end" class="fw-chart-text">
          {{ d.domain.vMax }}
        </text>
        <text [attr.x]="box.padding - 4" [attr.y]="box.height - box.padding" text-anchor="end" class="fw-chart-text">
          {{ d.domain.vMin }}
        </text>
        @for (line of d.lines; track line.label) {
          @for (run of line.runs; track $index) {
            <polyline [attr.points]="run" fill="none" [attr.stroke]="line.color" stroke-width="2" />
          }
        }
      </svg>
      <div class="fw-chart-legend">
        @for (line of d.lines; track line.label) {
          <span><span class="fw-chart-swatch" [style.background]="line.color"></span>{{ line.label }}</span>
        }
      </div>
    } @else {
      <p class="fw-muted" data-testid="line-chart-empty">{{ emptyText() }}</p>
    }
  `,
  styles: `
    .fw-chart {
      width: 100%;
      max-width: 720px;
      height: auto;
    }
    .fw-chart-axis {
      stroke: var(--mat-sys-outline);
    }
    .fw-chart-text {
      font-size: 11px;
      fill: var(--mat-sys-on-surface-variant);
    }
    .fw-chart-legend {
      display: flex;
      flex-wrap: wrap;
      gap: 12px;
      font-size: 12px;
    }
    .fw-chart-swatch {
      display: inline-block;
      width: 10px;
      height: 10px;
      margin-right: 4px;
    }
  `,
})
export class FwLineChart {
  readonly series = input.required<readonly FwChartSeries[]>();
  /** Fixed bounds, e.g. `{ vMin: 0, vMax: 100 }` for percentages. */
  readonly fixedDomain = input<Partial<FwChartDomain> | undefined>(undefined);
  readonly ariaLabel = input('');
  readonly emptyText = input('');
  protected readonly box: FwChartBox = { width: 720, height: 240, padding: 40 };

  protected readonly drawn = computed(() => {
    const series = this.series();
    const domain = chartDomain(series, this.fixedDomain());
    if (!domain) return null;
    return {
      domain,
      lines: series.map((s, i) => ({
        label: s.label,
        color: PALETTE[i % PALETTE.length] ?? '#000',
        runs: seriesToPolylines(s.points, domain, this.box),
      })),
    };
  });
}
