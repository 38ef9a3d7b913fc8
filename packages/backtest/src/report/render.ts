import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';

type Engines = [typeof import('vega'), typeof import('vega-lite')];
let engines: Promise<Engines> | undefined;

/**
 * vega and vega-lite, loaded on the first render rather than with the package: they are ~0.3 s of module
 * loading that a backtest, its metrics and its CSV tables do not need.
 */
function loadChartEngines(): Promise<Engines> {
  engines ??= Promise.all([import('vega'), import('vega-lite')]);
  return engines;
}

/** Renders a vega-lite spec to an SVG string headless (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await loadChartEngines();
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// resvg is a native addon (CommonJS): required on the first PNG, as the chart engines are
const require = createRequire(import.meta.url);

/** Rasterises an SVG to PNG at `scale` (2 = sharp on high-DPI screens), with the system fonts. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { loadSystemFonts: true }, background: 'white' }).render().asPng();
}
