import { QlibProvider } from '@rollq/data';
import { closeReturnLabel, evaluateBacktest, runBacktest, seededRandom, Signal, TopkDropoutStrategy, Quotes } from '../src/index.js';
const provider = QlibProvider.open('/work/main/.cache/us_qlib');
const random = seededRandom(42);
const members = provider.listInstruments('sp500');
const rows = [];
for (let p = 0; p < provider.calendar.length; p++) for (const [symbol, spans] of members) if (spans.some(([a, b]) => p >= a && p <= b)) rows.push({ pos: p, instrument: symbol, score: random() });
const signal = Signal.fromRows(rows);
for (let rep = 0; rep < 3; rep++) {
let t = performance.now(); let c = process.cpuUsage();
const q = Quotes.load(provider, signal.symbols, 1, provider.calendar.length - 1, (s) => provider.loadAligned(s, 'close'));
console.log('quotes', (performance.now() - t).toFixed(0), 'cpu', (process.cpuUsage(c).user/1000).toFixed(0)); c = process.cpuUsage();
t = performance.now(); c = process.cpuUsage();
const res = runBacktest(provider, signal, new TopkDropoutStrategy({ topk: 50, nDrop: 5 }), { benchmark: '^GSPC', exchange: { tradeUnit: 1 } });
console.log('bt', (performance.now() - t).toFixed(0), 'cpu', (process.cpuUsage(c).user/1000).toFixed(0)); c = process.cpuUsage();
t = performance.now(); c = process.cpuUsage();
evaluateBacktest(res, signal, { label: closeReturnLabel(provider) });
console.log('eval', (performance.now() - t).toFixed(0), 'cpu', (process.cpuUsage(c).user/1000).toFixed(0)); c = process.cpuUsage();
}
