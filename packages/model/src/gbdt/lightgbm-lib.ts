import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { ModelError } from '../errors.js';
import { libraryAttempts } from './native-lib.js';

/**
 * The LightGBM release rollq pins: `tools/setup.sh` installs `lib_lightgbm.so` from PyPI's `lightgbm`
 * wheel of this version (a test checks the two agree).
 */
export const LIGHTGBM_VERSION = '4.7.0';

/** Environment variable naming the LightGBM shared library (`lib_lightgbm.so`). */
export const LIGHTGBM_LIB_ENV = 'ROLLQ_LIGHTGBM_LIB';

/** Where to look for the LightGBM shared library (see {@link loadLightGBM}). */
export interface LightGBMLocateOptions {
  /** Explicit path to `lib_lightgbm.so`; when set, nothing else is tried. */
  libPath?: string;
  /** Environment to read `ROLLQ_LIGHTGBM_LIB`, `XDG_CACHE_HOME` and `HOME` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Try the system loader (ldconfig cache, `LD_LIBRARY_PATH`) and /usr/local/lib (default true). */
  searchSystem?: boolean;
}

const SYSTEM_CANDIDATES = ['lib_lightgbm.so', '/usr/local/lib/lib_lightgbm.so', '/usr/lib/lib_lightgbm.so'];

const INSTALL_HINT =
  `run tools/setup.sh (it installs lib_lightgbm.so from PyPI's lightgbm==${LIGHTGBM_VERSION} wheel into the cache), ` +
  `or set ${LIGHTGBM_LIB_ENV}=/path/to/lib_lightgbm.so (e.g. <site-packages>/lightgbm/lib/lib_lightgbm.so of 'pip install lightgbm'); ` +
  "the XGBoost-trained 'GBDT' / 'XGBModel' classes do not need it";

/**
 * The cache file `tools/setup.sh` writes: `${XDG_CACHE_HOME:-$HOME/.cache}/rollq/lightgbm-<version>/lib_lightgbm.so`
 * (outside the repository; next to it `VERSION.txt`, the wheel's version file).
 */
export function lightgbmCachePath(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'rollq', `lightgbm-${LIGHTGBM_VERSION}`, 'lib_lightgbm.so');
}

/** The LightGBM C API functions rollq calls, bound through koffi (signatures of include/LightGBM/c_api.h). */
export interface LightGBMApi {
  path: string;
  /** The release, from the `VERSION.txt` next to the library (setup puts it there), else "unknown version". */
  version: string;
  lastError(): string;
  DatasetCreateFromMat(
    data: Float32Array,
    dataType: number,
    nrow: number,
    ncol: number,
    isRowMajor: number,
    params: string,
    reference: unknown,
    out: unknown[],
  ): number;
  DatasetSetField(h: unknown, field: string, data: Float32Array, n: number, type: number): number;
  DatasetFree(h: unknown): number;
  /** How many rows LightGBM samples out of `nRows` to fit bins (`bin_construct_sample_cnt` of `params`). */
  GetSampleCount(nRows: number, params: string, out: number[]): number;
  /** The rows LightGBM samples out of `nRows` to fit bins (`data_random_seed` of `params`), sorted; `out` holds the count. */
  SampleIndices(nRows: number, params: string, out: Int32Array, outLen: number[]): number;
  /** An empty Dataset whose bin mappers are fitted on sampled column values (what a Dataset of the sampled matrix would fit). */
  DatasetCreateFromSampledColumn(
    values: Float64Array[],
    rows: Int32Array[],
    nCols: number,
    perCol: Int32Array,
    nSampled: number,
    nLocalRows: number,
    nDistRows: number,
    params: string,
    out: unknown[],
  ): number;
  /** A Dataset of some rows of `h` (sorted row indices), sharing its bin mappers and carrying its labels. */
  DatasetGetSubset(h: unknown, rows: Int32Array, nRows: number, params: string, out: unknown[]): number;
  BoosterCreate(train: unknown, params: string, out: unknown[]): number;
  BoosterAddValidData(h: unknown, valid: unknown): number;
  BoosterFree(h: unknown): number;
  BoosterUpdateOneIter(h: unknown, isFinished: number[]): number;
  BoosterGetNumClasses(h: unknown, out: number[]): number;
  BoosterGetCurrentIteration(h: unknown, out: number[]): number;
  BoosterGetEvalCounts(h: unknown, out: number[]): number;
  BoosterGetEvalNames(h: unknown, len: number, outLen: number[], bufLen: number, outBufLen: number[], strs: unknown[]): number;
  BoosterGetEval(h: unknown, dataIdx: number, outLen: number[], out: Float64Array): number;
  BoosterPredictForMat(
    h: unknown,
    data: Float32Array,
    dataType: number,
    nrow: number,
    ncol: number,
    isRowMajor: number,
    predictType: number,
    startIteration: number,
    numIteration: number,
    params: string,
    outLen: number[],
    out: Float64Array,
  ): number;
  BoosterSaveModelToString(
    h: unknown,
    startIteration: number,
    numIteration: number,
    importanceType: number,
    bufLen: number,
    outLen: number[],
    out: Uint8Array,
  ): number;
  BoosterLoadModelFromString(model: Uint8Array, outIterations: number[], out: unknown[]): number;
}

/** `C_API_DTYPE_FLOAT32` of c_api.h. */
export const C_API_DTYPE_FLOAT32 = 0;
/** `C_API_PREDICT_NORMAL` of c_api.h. */
export const C_API_PREDICT_NORMAL = 0;

/** Bound libraries by path: binding twice would redeclare koffi's process-global types. */
const bound = new Map<string, LightGBMApi>();
const announced = new Set<string>();

/**
 * Finds and binds LightGBM's C library, in this order: the explicit `libPath`, the `ROLLQ_LIGHTGBM_LIB`
 * environment variable, the cache `tools/setup.sh` fills ({@link lightgbmCachePath}), then the system
 * (`lib_lightgbm.so` through the loader's ldconfig cache and `LD_LIBRARY_PATH`, /usr/local/lib). An
 * explicit path that does not load is an error, not a reason to look elsewhere. Throws
 * `LIGHTGBM_NOT_FOUND` (exit 1) saying how to get the library when none loads. Bindings are cached per
 * path for the process.
 */
export function loadLightGBM(opts: LightGBMLocateOptions = {}): LightGBMApi {
  const env = opts.env ?? process.env;
  const explicit = opts.libPath ?? env[LIGHTGBM_LIB_ENV];
  const { attempt, tried } = libraryAttempts(bound, bind);
  let api: LightGBMApi | null = null;
  if (explicit) {
    if (existsSync(explicit)) api = attempt(explicit);
    else tried.push(`${explicit} (no such file, from ${opts.libPath ? 'libPath' : LIGHTGBM_LIB_ENV})`);
    if (!api) throw notFound(tried);
    return api;
  }
  const cached = lightgbmCachePath(env);
  if (existsSync(cached)) api = attempt(cached);
  else tried.push(`${cached} (not installed)`);
  if (!api && opts.searchSystem !== false) {
    for (const c of SYSTEM_CANDIDATES) if ((api = attempt(c))) break;
  }
  if (!api) throw notFound(tried);
  return api;
}

let engineLog: ((message: string) => void) | null = (m) => process.stderr.write(`[rollq/model] ${m}\n`);

/**
 * Where `LGBModel` reports the engine that trains, once per library and process:
 * `LGBModel: LightGBM 4.7.0 (lib /…/lib_lightgbm.so)`, the run log's engine line. By default a
 * `[rollq/model] …` line on stderr; a caller that draws its own log passes a function, `null` turns it off.
 */
export function setLightGBMLog(log: ((message: string) => void) | null): void {
  engineLog = log;
}

/** Writes one line to the engine log (see {@link setLightGBMLog}). */
export function logLightGBM(message: string): void {
  engineLog?.(message);
}

/** Reports the engine line (see {@link setLightGBMLog}) the first time `api` trains or loads a model. */
export function announceLightGBM(api: LightGBMApi, className: string): void {
  if (announced.has(api.path)) return;
  announced.add(api.path);
  engineLog?.(`${className}: LightGBM ${api.version} (lib ${api.path})`);
}

function notFound(tried: string[]): ModelError {
  return new ModelError('LIGHTGBM_NOT_FOUND', `the LightGBM shared library could not be loaded; tried: ${tried.join('; ') || 'nothing'}`, {
    hint: INSTALL_HINT,
    details: { tried },
  });
}

/** The version file next to the library (`tools/setup.sh` copies the wheel's `lightgbm/VERSION.txt`). */
function versionNextTo(path: string): string {
  for (const f of [join(dirname(path), 'VERSION.txt'), join(dirname(dirname(path)), 'VERSION.txt')]) {
    try {
      const v = readFileSync(f, 'utf8').trim();
      if (/^\d+\.\d+/.test(v)) return v;
    } catch {
      // not there: try the next place
    }
  }
  // The cache folder names its release (lightgbm-4.7.0/) even when the version file is missing.
  return /\/lightgbm-(\d+\.\d+\.\d+)\//.exec(path)?.[1] ?? 'unknown version';
}

let typesDeclared = false;

function bind(lib: LibraryHandle, path: string): LightGBMApi {
  if (!typesDeclared) {
    // koffi type names are process-global; declare them once (distinct from the XGBoost handles).
    koffi.pointer('LGBMDatasetHandle', koffi.opaque());
    koffi.pointer('LGBMBoosterHandle', koffi.opaque());
    typesDeclared = true;
  }
  const f = (sig: string) => lib.func(sig);
  const getLastError = f('const char *LGBM_GetLastError()');
  return {
    path,
    // A bare loader name (lib_lightgbm.so) has no directory to read a version file from.
    version: path.includes('/') ? versionNextTo(path) : 'unknown version',
    lastError: () => String(getLastError()),
    DatasetCreateFromMat: f(
      'int LGBM_DatasetCreateFromMat(const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, const char *parameters, LGBMDatasetHandle reference, _Out_ LGBMDatasetHandle *out)',
    ),
    DatasetSetField: f(
      'int LGBM_DatasetSetField(LGBMDatasetHandle h, const char *field_name, const void *field_data, int num_element, int type)',
    ),
    DatasetFree: f('int LGBM_DatasetFree(LGBMDatasetHandle h)'),
    GetSampleCount: f('int LGBM_GetSampleCount(int32_t num_total_row, const char *parameters, _Out_ int *out)'),
    SampleIndices: f('int LGBM_SampleIndices(int32_t num_total_row, const char *parameters, int32_t *out, _Out_ int32_t *out_len)'),
    DatasetCreateFromSampledColumn: f(
      'int LGBM_DatasetCreateFromSampledColumn(double **sample_data, int **sample_indices, int32_t ncol, const int *num_per_col, int32_t num_sample_row, int32_t num_local_row, int64_t num_dist_row, const char *parameters, _Out_ LGBMDatasetHandle *out)',
    ),
    DatasetGetSubset: f(
      'int LGBM_DatasetGetSubset(LGBMDatasetHandle h, const int32_t *used_row_indices, int32_t num_used_row_indices, const char *parameters, _Out_ LGBMDatasetHandle *out)',
    ),
    BoosterCreate: f('int LGBM_BoosterCreate(LGBMDatasetHandle train_data, const char *parameters, _Out_ LGBMBoosterHandle *out)'),
    BoosterAddValidData: f('int LGBM_BoosterAddValidData(LGBMBoosterHandle h, LGBMDatasetHandle valid_data)'),
    BoosterFree: f('int LGBM_BoosterFree(LGBMBoosterHandle h)'),
    BoosterUpdateOneIter: f('int LGBM_BoosterUpdateOneIter(LGBMBoosterHandle h, _Out_ int *is_finished)'),
    BoosterGetNumClasses: f('int LGBM_BoosterGetNumClasses(LGBMBoosterHandle h, _Out_ int *out_len)'),
    BoosterGetCurrentIteration: f('int LGBM_BoosterGetCurrentIteration(LGBMBoosterHandle h, _Out_ int *out_iteration)'),
    BoosterGetEvalCounts: f('int LGBM_BoosterGetEvalCounts(LGBMBoosterHandle h, _Out_ int *out_len)'),
    BoosterGetEvalNames: f(
      'int LGBM_BoosterGetEvalNames(LGBMBoosterHandle h, int len, _Out_ int *out_len, size_t buffer_len, _Out_ size_t *out_buffer_len, void **out_strs)',
    ),
    BoosterGetEval: f('int LGBM_BoosterGetEval(LGBMBoosterHandle h, int data_idx, _Out_ int *out_len, double *out_results)'),
    BoosterPredictForMat: f(
      'int LGBM_BoosterPredictForMat(LGBMBoosterHandle h, const void *data, int data_type, int32_t nrow, int32_t ncol, int is_row_major, int predict_type, int start_iteration, int num_iteration, const char *parameter, _Out_ int64_t *out_len, double *out_result)',
    ),
    BoosterSaveModelToString: f(
      'int LGBM_BoosterSaveModelToString(LGBMBoosterHandle h, int start_iteration, int num_iteration, int feature_importance_type, int64_t buffer_len, _Out_ int64_t *out_len, uint8_t *out_str)',
    ),
    BoosterLoadModelFromString: f(
      'int LGBM_BoosterLoadModelFromString(const uint8_t *model_str, _Out_ int *out_num_iterations, _Out_ LGBMBoosterHandle *out)',
    ),
  } as LightGBMApi;
}

/** Throws `LIGHTGBM_FAILED` with LightGBM's last error when a C API call returned non-zero. */
export function checkLgb(api: LightGBMApi, rc: number, what: string): void {
  if (rc !== 0) {
    throw new ModelError('LIGHTGBM_FAILED', `LightGBM ${what} failed: ${api.lastError()}`, {
      hint: "check the LGBModel kwargs (they go to LightGBM unchanged); the message above is LightGBM's own",
    });
  }
}

/** Metric names LightGBM's Python package treats as higher-is-better (basic.py `__higher_better_inner_eval`). */
export function higherIsBetter(metric: string): boolean {
  return /^(auc|ndcg@|map@|average_precision)/.test(metric);
}
