import { rollqVitestConfig } from '../../vitest.shared.js';

export default rollqVitestConfig();
