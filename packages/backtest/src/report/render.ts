import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec as VegaSpec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_DATA, type ChartSpec } from './charts.js';
import compiledCharts from './compiled-charts.json';

type Vega = typeof import('vega');
type VegaLite = typeof import('vega-lite');
let vega: Promise<Vega> | undefined;
let vegaLite: Promise<VegaLite> | undefined;

/**
 * vega and vega-lite load on their first use rather than with the package: they are ~0.3 s of module loading
 * that a backtest, its metrics and its CSV tables do not need (and a report chart compiled at build time
 * needs no vega-lite at all).
 */
function loadVega(): Promise<Vega> {
  vega ??= import('vega');
  return vega;
}

function loadVegaLite(): Promise<VegaLite> {
  vegaLite ??= import('vega-lite');
  return vegaLite;
}

/** Renders a vega-lite spec to an SVG string headless (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { compile } = await loadVegaLite();
  return renderVegaSvg(compile(spec).spec);
}

/** Renders a vega spec to an SVG string headless (no browser, no canvas). */
export async function renderVegaSvg(spec: VegaSpec): Promise<string> {
  const { parse, View } = await loadVega();
  const view = new View(parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A report chart's template compiled to vega at build time, and the template it was compiled from. */
interface CompiledChart {
  template: TopLevelSpec;
  vega: VegaSpec;
}

/** The build-time compilations of `reportCharts`' templates, by chart name (made by charts.test.ts). */
const COMPILED = (compiledCharts as unknown as { charts: Record<string, CompiledChart> }).charts;

/**
 * The vega spec of a report chart, its rows inline: the vega compilation of its template that ships with the
 * package when that is the compilation of this very template (its rows put into the `CHART_DATA` source),
 * else `chart.spec` compiled now with vega-lite. Skips vega-lite's loading and compiling, ~40 ms a report.
 */
export async function chartVegaSpec(chart: ChartSpec): Promise<VegaSpec> {
  const compiled = COMPILED[chart.name];
  if (!compiled || JSON.stringify(compiled.template) !== JSON.stringify(chart.template)) {
    const { compile } = await loadVegaLite();
    return compile(chart.spec).spec;
  }
  const data = (compiled.vega.data ?? []).map((d) => (d.name === CHART_DATA ? { ...d, values: chart.values } : d));
  return { ...compiled.vega, data } as VegaSpec;
}

/** The SVG of a report chart, as `renderSvg(chart.spec)` gives it, from {@link chartVegaSpec}. */
export async function renderChartSvg(chart: ChartSpec): Promise<string> {
  return renderVegaSvg(await chartVegaSpec(chart));
}

let vegaScript: string | undefined;

/**
 * The text of vega's browser build (`vega/build/vega.min.js`, 0.5 MB with its d3 modules): a report page
 * carries it so that its charts render in any browser, offline, without a render here.
 */
export function vegaBrowserScript(): string {
  // vega's package exports only its ES module; the browser build sits beside it (require.resolve, not
  // import.meta.resolve: the same in the CLI's CommonJS build of the backtest)
  vegaScript ??= readFileSync(join(dirname(require.resolve('vega')), 'vega.min.js'), 'utf8');
  return vegaScript;
}

// resvg is a native addon (CommonJS): required on the first PNG, as the chart engines are
const require = createRequire(import.meta.url);

/** Rasterises an SVG to PNG at `scale` (2 = sharp on high-DPI screens), with the system fonts. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true }, background: 'white' }).render().asPng();
}
