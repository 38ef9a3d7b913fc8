import { rollqVitestConfig } from '../../vitest.shared.js';

// a MongoDB test server per run: src/http/mongo-state.test.ts serves a state whose recorders live there
export default rollqVitestConfig({ mongo: true });
