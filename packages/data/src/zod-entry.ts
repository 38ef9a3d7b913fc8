/**
 * @packageDocumentation
 * `@rollq/data/zod`: zod, as every rollq package imports it. It is one zod for the whole workspace, so a schema of
 * one package composes into another's (`instanceof z.ZodError` and the like hold across them); import zod from
 * here, never from `zod` itself (tools/src/boundaries.test.ts checks it).
 *
 * This module is the types (`dist/zod.d.ts`: zod's whole namespace) and what the sources and tests run on. The
 * build's `dist/zod.js` is src/zod-runtime.ts instead: only the zod values rollq uses, bundled (215 KB; Node loads
 * it in ~7 ms, where zod's whole namespace with every locale, bundled, is 755 KB and ~18 ms, and zod's own ~80
 * files ~40 ms). Every command that validates a config (all of them) pays it.
 */

export { z } from 'zod';
