import type { ProcessorConfig } from './registry.js';

/** Infer / learn processor lists of a Qlib handler class. */
export interface ProcessorLists {
  infer: ProcessorConfig[];
  learn: ProcessorConfig[];
}

/**
 * The default processors of Qlib's built-in handlers (qlib/contrib/data/handler.py): Alpha158 infers on raw
 * features; Alpha360 replaces infinities, z-scores on the fit window and fills NaN with 0. Both learn on
 * rows with a label, z-scoring the label per day. Alpha360's ZScoreNorm and Fillna carry no `fields_group`
 * in Qlib, so they touch the label too (and DropnaLabel then finds nothing to drop); that is kept as Qlib has it. Unknown names get the empty lists of a plain
 * DataHandlerLP.
 */
export function handlerDefaultProcessors(handler: string): ProcessorLists {
  const learn: ProcessorConfig[] = [{ class: 'DropnaLabel' }, { class: 'CSZScoreNorm', kwargs: { fields_group: 'label' } }];
  if (handler === 'Alpha158') return { infer: [], learn };
  if (handler === 'Alpha360') {
    return { infer: [{ class: 'ProcessInf' }, { class: 'ZScoreNorm' }, { class: 'Fillna' }], learn };
  }
  return { infer: [], learn: [] };
}

/**
 * The 20 Alpha158 features Qlib's LSTM and GRU benchmark workflows (examples/benchmarks/{LSTM,GRU}/
 * workflow_config_*_Alpha158.yaml) keep with a FilterCol infer processor, in their order.
 */
export const ALPHA158_RNN_FEATURES: readonly string[] = [
  'RESI5',
  'WVMA5',
  'RSQR5',
  'KLEN',
  'RSQR10',
  'CORR5',
  'CORD5',
  'CORR10',
  'ROC60',
  'RESI10',
  'VSTD5',
  'RSQR60',
  'CORR60',
  'WVMA60',
  'STD5',
  'RSQR20',
  'CORD60',
  'CORD10',
  'CORR20',
  'KLOW',
];
