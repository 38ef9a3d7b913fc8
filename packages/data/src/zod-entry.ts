/**
 * @packageDocumentation
 * `@rollq/data/zod`: zod, as every rollq package imports it. The build bundles zod into this one module, which
 * Node loads in ~20 ms, where zod's own ~80 files take ~40 ms to resolve, read and compile one by one: every
 * command that validates a config (all of them) pays it. It is one zod for the whole workspace, so a schema of
 * one package composes into another's (`instanceof z.ZodError` and the like hold across them); import zod from
 * here, never from `zod` itself (tools/src/boundaries.test.ts checks it).
 */

export { z } from 'zod';
