import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@rollq/data/node-fs';
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '../errors.js';
import './seeded-dropout.js'; // registers the custom layer before any topology is deserialised

/** File names of a saved tfjs network inside a model directory. */
export const TF_TOPOLOGY_FILE = 'model.json';
export const TF_WEIGHTS_FILE = 'weights.bin';

/**
 * Saves a layers model as `model.json` (topology + weight manifest) and `weights.bin`, each atomically.
 * tfjs's `file://` handler exists only in tfjs-node, so this goes through `tf.io.withSaveHandler`.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData;
      const bytes =
        weights === undefined
          ? new Uint8Array(0)
          : new Uint8Array(tf.io.concatenateArrayBuffers(Array.isArray(weights) ? weights : [weights]));
      await writeFileAtomic(join(dir, TF_WEIGHTS_FILE), bytes);
      const manifest = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [TF_WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFileAtomic(join(dir, TF_TOPOLOGY_FILE), JSON.stringify(manifest));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    }),
  );
}

/** Loads a network written by {@link saveLayersModel} through `tf.io.fromMemory`. */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, TF_TOPOLOGY_FILE), 'utf8'));
    const bin = await readFile(join(dir, TF_WEIGHTS_FILE));
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: manifest.modelTopology, weightSpecs: manifest.weightsManifest[0].weights, weightData }),
    );
  } catch (e) {
    throw new ModelError('MODEL_FILE_INVALID', `cannot load the network in ${dir}: ${(e as Error).message}`, {
      hint: `the directory needs ${TF_TOPOLOGY_FILE} and ${TF_WEIGHTS_FILE} from model.save(dir); save the model again`,
      cause: e,
    });
  }
}
