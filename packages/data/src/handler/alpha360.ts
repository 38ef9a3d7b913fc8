import type { FieldSpec } from '../features/field-set.js';
import { DEFAULT_LABEL, type HandlerFields } from './handler-types.js';

/**
 * Qlib's Alpha360 handler fields: 60 days of close/open/high/low/vwap normalised by today's close and of
 * volume normalised by today's volume, named F59 … F0 per field (CLOSE59 … VOLUME0), plus `LABEL0`.
 */
export function alpha360(): HandlerFields {
  const features: FieldSpec[] = [];
  for (const f of ['close', 'open', 'high', 'low', 'vwap']) {
    const name = f.toUpperCase();
    for (let i = 59; i >= 1; i--) features.push({ name: `${name}${i}`, expr: `Ref($${f}, ${i})/$close` });
    features.push({ name: `${name}0`, expr: `$${f}/$close` });
  }
  for (let i = 59; i >= 1; i--) features.push({ name: `VOLUME${i}`, expr: `Ref($volume, ${i})/($volume+1e-12)` });
  features.push({ name: 'VOLUME0', expr: '$volume/($volume+1e-12)' });
  return { features, labels: [{ ...DEFAULT_LABEL }] };
}
