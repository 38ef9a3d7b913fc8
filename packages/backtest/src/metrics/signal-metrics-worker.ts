/**
 * The signal-metrics thread ({@link SignalMetricsThread}): opens the provider itself and computes
 * {@link signalMetrics} of a packed signal against Qlib's close-return label, one request per message.
 */
import { parentPort } from 'node:worker_threads';
import { QlibProvider } from '@rollq/data/provider';
import { Signal } from '../signal/signal.js';
import { closeReturnLabel } from './label.js';
import { signalMetrics } from './signal-metrics.js';
import type { SignalMetricsReply, SignalMetricsRequest } from './signal-metrics-thread.js';

parentPort!.on('message', (req: SignalMetricsRequest) => {
  try {
    const provider = QlibProvider.open(req.root, req.freq);
    const m = signalMetrics(Signal.unpack(req.signal), closeReturnLabel(provider, req.span ?? undefined), req.positions);
    parentPort!.postMessage({ metrics: m } satisfies SignalMetricsReply, [m.ic.ic.buffer, m.ic.rankIc.buffer] as ArrayBuffer[]);
  } catch (e) {
    parentPort!.postMessage({ error: String((e as Error)?.message ?? e) } satisfies SignalMetricsReply);
  }
});
