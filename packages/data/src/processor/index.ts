// Public exports of processor/ (explicit names; re-exported by src/index.ts).
export type { FieldsGroup, ProcessContext, Processor, ProcessorJSON } from './types.js';
export { ZScoreNorm, MinMaxNorm, RobustZScoreNorm } from './normalize.js';
export type { ZScoreNormKwargs, MinMaxNormKwargs, RobustZScoreNormKwargs } from './normalize.js';
export { CSZScoreNorm, CSRankNorm, CSZFillna, ProcessInf } from './cross-section.js';
export type { CSZScoreNormKwargs, CSRankNormKwargs, CSZFillnaKwargs, ProcessInfKwargs } from './cross-section.js';
export { Fillna, DropnaProcessor, DropnaLabel, FilterCol, DropCol, TanhProcess } from './cleaning.js';
export type {
  FillnaKwargs,
  DropnaProcessorKwargs,
  DropnaLabelKwargs,
  FilterColKwargs,
  DropColKwargs,
  TanhProcessKwargs,
} from './cleaning.js';
export { ProcessorRegistry, defaultProcessorRegistry, processorConfigSchema } from './registry.js';
export type { ProcessorConfig, ProcessorFactory, ProcessorDefaults } from './registry.js';
export { handlerDefaultProcessors, ALPHA158_RNN_FEATURES } from './defaults.js';
export type { ProcessorLists } from './defaults.js';
