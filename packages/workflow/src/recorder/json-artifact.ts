import { WorkflowError } from '../errors.js';

/** A JSON artifact's bytes as every store writes them: pretty-printed, one trailing newline. */
export function encodeJsonArtifact(name: string, value: unknown): Uint8Array {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) {
    throw new WorkflowError('ARTIFACT_INVALID', `artifact "${name}": ${typeof value} cannot be stored as JSON`, {
      hint: 'pass an object, array, string, number, boolean or null',
    });
  }
  return new TextEncoder().encode(`${text}\n`);
}

/** Parses a JSON artifact's bytes; `ARTIFACT_INVALID` when they are not JSON. */
export function decodeJsonArtifact(recorderId: string, name: string, bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new WorkflowError('ARTIFACT_INVALID', `artifact "${name}" of recorder ${recorderId} is not JSON`, {
      hint: 'load it with loadArtifact() for raw bytes, or re-save it with saveJson()',
      cause: e,
    });
  }
}
