import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useI18n } from '../../shared/i18n/preact';

export interface ChartSeries {
  label: string;
  /** One value per time: null breaks the line (a gap), undefined is passed over (no sample there). */
  values: Array<number | null | undefined>;
}

export interface TimeChartProps {
  id: string;
  title: string;
  /** Unix seconds, ascending, one per value of every series. */
  times: number[];
  /** The time axis' span in Unix seconds, so sparse samples sit where they belong in it. */
  range: [number, number];
  series: ChartSeries[];
  kind: 'line' | 'bars';
  /** Digits after the decimal point in the legend and axis (TPS has one, counts none). */
  digits?: number;
}

/** Colours that stay apart on light and dark backgrounds; the first is the theme's accent. */
const PALETTE = ['#2f7de1', '#e8793a', '#2ba36b', '#b25ad6', '#d64561', '#1fa5b8', '#8a8f2b', '#6b6f80'];
const HEIGHT = 220;

/**
 * A time chart drawn by uPlot on a canvas. uPlot styles its elements through `element.style`, which
 * the CSP's `style-src 'self'` allows (it forbids only inline `<style>` and `style=""` markup).
 * Dates and numbers are formatted in the reader's language; the legend shows the newest values
 * until the pointer picks another time.
 */
export function TimeChart({ id, title, times, range, series, kind, digits = 0 }: TimeChartProps) {
  const { lang, t, fmt } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = `${lang}|${kind}|${digits}|${series.map((s) => s.label).join('\u0000')}`;
  const rangeRef = useRef(range);
  rangeRef.current = range;
  const data: AlignedData = [times, ...series.map((s) => s.values)];
  const dataRef = useRef(data);
  dataRef.current = data;

  // Built anew when the language or the set of series changes; otherwise only its data changes.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const axisTime = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
    const axisDay = new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric' });
    // A tick at local midnight names the day; the others the time.
    const tick = (s: number) => {
      const date = new Date(s * 1000);
      return date.getHours() === 0 && date.getMinutes() === 0 ? axisDay.format(date) : axisTime.format(date);
    };
    const legendTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    const number = (v: number | null | undefined) => (v === null || v === undefined ? '—' : fmt.number(v, digits));
    const bars = kind === 'bars' ? uPlot.paths.bars?.({ size: [0.7, 40], gap: 1 }) : undefined;
    const options: Options = {
      hooks: {
        ready: [showNewest],
        // The pointer left the chart: back to the newest values rather than blanks.
        setCursor: [(u) => void (u.cursor.idx == null && showNewest(u))],
      },
      width: Math.max(el.clientWidth, 200),
      height: HEIGHT,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: true, range: () => rangeRef.current }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [
        { values: (_u, splits) => splits.map(tick), space: 70, stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.18)' } },
        { values: (_u, splits) => splits.map((s) => fmt.number(s, digits)), stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.18)' }, size: 50 },
      ],
      series: [
        { label: t('charts.time'), value: (_u, v) => (v === null ? '—' : legendTime.format(new Date(v * 1000))) },
        ...series.map((s, i) => {
          const color = PALETTE[i % PALETTE.length]!;
          return {
            label: s.label,
            stroke: color,
            width: kind === 'bars' ? 0 : 2,
            fill: kind === 'bars' ? color : `${color}22`,
            // Lines show their points only where samples are sparse enough to tell apart.
            ...(kind === 'bars' ? { points: { show: false } } : {}),
            value: (_u: uPlot, v: number | null | undefined) => number(v),
            ...(bars ? { paths: bars } : {}),
          };
        }),
      ],
    };
    const created = new uPlot(options, dataRef.current, el);
    plot.current = created;
    const resize = new ResizeObserver(() => created.setSize({ width: Math.max(el.clientWidth, 200), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      created.destroy();
      plot.current = null;
    };
  }, [shape]);

  useEffect(() => {
    const current = plot.current;
    if (!current) return;
    current.setData(data);
    showNewest(current);
  });

  return (
    <figure class="chart" id={id}>
      <figcaption>{title}</figcaption>
      <div class="chart-plot" ref={box} />
    </figure>
  );
}

/**
 * The legend at each series' newest value (servers report at different times), so it says
 * something before and after the pointer moves over the chart.
 */
function showNewest(plot: uPlot) {
  if (plot.cursor.idx != null) return;
  const last = plot.data[0].length - 1;
  if (last < 0) return;
  const idxs = plot.data.map((values, series) => {
    if (series === 0) return last;
    for (let i = last; i >= 0; i--) if (typeof values[i] === 'number') return i;
    return null;
  });
  plot.setLegend({ idxs }, false);
}
