// Public exports of processor/ (explicit names; re-exported by src/index.ts).

export type {
  DropColKwargs,
  DropnaLabelKwargs,
  DropnaProcessorKwargs,
  FillnaKwargs,
  FilterColKwargs,
  TanhProcessKwargs,
} from './cleaning.js';
export { DropCol, DropnaLabel, DropnaProcessor, Fillna, FilterCol, TanhProcess } from './cleaning.js';
export type { CSRankNormKwargs, CSZFillnaKwargs, CSZScoreNormKwargs, ProcessInfKwargs } from './cross-section.js';
export { CSRankNorm, CSZFillna, CSZScoreNorm, ProcessInf } from './cross-section.js';
export type { ProcessorLists } from './defaults.js';
export { ALPHA158_RNN_FEATURES, handlerDefaultProcessors } from './defaults.js';
export type { MinMaxNormKwargs, RobustZScoreNormKwargs, ZScoreNormKwargs } from './normalize.js';
export { MinMaxNorm, RobustZScoreNorm, ZScoreNorm } from './normalize.js';
export type { ProcessorConfig, ProcessorDefaults, ProcessorFactory } from './registry.js';
export { defaultProcessorRegistry, ProcessorRegistry, processorConfigSchema } from './registry.js';
export type { FieldsGroup, ProcessContext, Processor, ProcessorJSON } from './types.js';
