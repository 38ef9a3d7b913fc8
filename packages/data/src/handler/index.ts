// Public exports of handler/ (explicit names; re-exported by src/index.ts).
export { ALPHA158_WINDOWS, alpha158 } from './alpha158.js';
export { alpha360 } from './alpha360.js';
export type { HandlerFields } from './handler-types.js';
export { DEFAULT_LABEL } from './handler-types.js';
export { BUILTIN_HANDLERS, handlerColumns, resolveHandler } from './resolve-handler.js';
export { loadYamlHandler, YamlHandlerSchema } from './yaml-handler.js';
