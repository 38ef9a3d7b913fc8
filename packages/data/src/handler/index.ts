// Public exports of handler/ (explicit names; re-exported by src/index.ts).
export { alpha158, ALPHA158_WINDOWS } from './alpha158.js';
export { alpha360 } from './alpha360.js';
export { loadYamlHandler, YamlHandlerSchema } from './yaml-handler.js';
export { resolveHandler, handlerColumns, BUILTIN_HANDLERS } from './resolve-handler.js';
export { DEFAULT_LABEL } from './handler-types.js';
export type { HandlerFields } from './handler-types.js';
