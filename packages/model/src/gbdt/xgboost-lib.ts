import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import koffi, { type LibraryHandle } from 'koffi';
import { ModelError } from '../errors.js';
import { libraryAttempts } from './native-lib.js';

/** Where to look for the XGBoost shared library (see {@link locateXGBoost}). */
export interface XGBoostLocateOptions {
  /** Explicit path to `libxgboost.so`; when set, nothing else is tried. */
  libPath?: string;
  /** Environment to read `ROLLQ_XGBOOST_LIB` from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Try the system loader and Debian / usual paths (default true). */
  searchSystem?: boolean;
  /** Try an installed Python `xgboost` package's bundled library (default true). */
  searchPython?: boolean;
}

/** Environment variable naming the XGBoost shared library. */
export const XGBOOST_LIB_ENV = 'ROLLQ_XGBOOST_LIB';

const SYSTEM_CANDIDATES = [
  'libxgboost.so.0', // resolved by the dynamic loader (ldconfig cache), Debian's libxgboost0
  'libxgboost.so',
  '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
  '/usr/lib/aarch64-linux-gnu/libxgboost.so.0',
  '/usr/local/lib/libxgboost.so',
  '/usr/lib/libxgboost.so',
];

const INSTALL_HINT =
  "install XGBoost: 'apt-get install -y libxgboost0' (Debian/Ubuntu), or 'pip install xgboost' and set " +
  `${XGBOOST_LIB_ENV}=<site-packages>/xgboost/lib/libxgboost.so; or pass the library path as the xgboost_lib kwarg`;

/** The XGBoost C API functions rollq calls, bound through koffi. */
export interface XGBoostApi {
  path: string;
  version: string;
  lastError(): string;
  DMatrixCreateFromMat(data: Float32Array, nrow: number, ncol: number, missing: number, out: unknown[]): number;
  DMatrixSetFloatInfo(h: unknown, field: string, arr: Float32Array, len: number): number;
  DMatrixFree(h: unknown): number;
  BoosterCreate(dmats: unknown[], len: number, out: unknown[]): number;
  BoosterFree(h: unknown): number;
  BoosterSetParam(h: unknown, name: string, value: string): number;
  BoosterUpdateOneIter(h: unknown, iter: number, dtrain: unknown): number;
  BoosterEvalOneIter(h: unknown, iter: number, dmats: unknown[], names: string[], len: number, out: unknown[]): number;
  BoosterPredict(
    h: unknown,
    dm: unknown,
    optionMask: number,
    ntreeLimit: number,
    training: number,
    outLen: unknown[],
    out: unknown[],
  ): number;
  BoosterSlice(h: unknown, begin: number, end: number, step: number, out: unknown[]): number;
  BoosterSaveModelToBuffer(h: unknown, config: string, outLen: unknown[], out: unknown[]): number;
  BoosterLoadModelFromBuffer(h: unknown, buf: Uint8Array, len: number): number;
  BoosterBoostedRounds(h: unknown, out: number[]): number;
}

/** Bound libraries by path: binding twice would redeclare koffi's process-global types. */
const bound = new Map<string, XGBoostApi>();

/**
 * Finds and binds XGBoost's C library, in this order: the explicit `libPath`, the `ROLLQ_XGBOOST_LIB`
 * environment variable, the system (loader cache, Debian's `libxgboost0` path, /usr/local), then a
 * Python `xgboost` package's bundled `lib/libxgboost.so`. Throws `XGBOOST_NOT_FOUND` with the install
 * command when none loads. Bindings are cached per path for the process.
 */
export function loadXGBoost(opts: XGBoostLocateOptions = {}): XGBoostApi {
  const explicit = opts.libPath ?? (opts.env ?? process.env)[XGBOOST_LIB_ENV];
  const { attempt, tried } = libraryAttempts(bound, bind);
  let api: XGBoostApi | null = null;
  if (explicit) {
    if (existsSync(explicit)) api = attempt(explicit);
    else tried.push(`${explicit} (no such file)`);
    if (!api) throw notFound(tried);
  } else {
    if (opts.searchSystem !== false) {
      for (const c of SYSTEM_CANDIDATES) if ((api = attempt(c))) break;
    }
    if (!api && opts.searchPython !== false) {
      const p = pythonXGBoostLib();
      if (p) api = attempt(p);
      else tried.push('python3 xgboost (not installed)');
    }
  }
  if (!api) throw notFound(tried);
  return api;
}

function notFound(tried: string[]): ModelError {
  return new ModelError('XGBOOST_NOT_FOUND', `the XGBoost shared library could not be loaded; tried: ${tried.join('; ') || 'nothing'}`, {
    hint: INSTALL_HINT,
    details: { tried },
  });
}

/** Path of the library bundled in an installed Python xgboost package, or null. */
function pythonXGBoostLib(): string | null {
  const r = spawnSync('python3', ['-c', 'import xgboost, os; print(os.path.dirname(xgboost.__file__))'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (r.status !== 0 || !r.stdout) return null;
  const p = join(r.stdout.trim(), 'lib', 'libxgboost.so');
  return existsSync(p) ? p : null;
}

let typesDeclared = false;

function bind(lib: LibraryHandle, path: string): XGBoostApi {
  if (!typesDeclared) {
    // koffi type names are process-global; declare them once.
    koffi.pointer('DMatrixHandle', koffi.opaque());
    koffi.pointer('BoosterHandle', koffi.opaque());
    typesDeclared = true;
  }
  const f = (sig: string) => lib.func(sig);
  const version = f('void XGBoostVersion(_Out_ int *major, _Out_ int *minor, _Out_ int *patch)');
  const getLastError = f('const char *XGBGetLastError()');
  const v = [[0], [0], [0]] as number[][];
  version(v[0], v[1], v[2]);
  return {
    path,
    version: `${v[0][0]}.${v[1][0]}.${v[2][0]}`,
    lastError: () => String(getLastError()),
    DMatrixCreateFromMat: f(
      'int XGDMatrixCreateFromMat(const float *data, uint64_t nrow, uint64_t ncol, float missing, _Out_ DMatrixHandle *out)',
    ),
    DMatrixSetFloatInfo: f('int XGDMatrixSetFloatInfo(DMatrixHandle h, const char *field, const float *arr, uint64_t len)'),
    DMatrixFree: f('int XGDMatrixFree(DMatrixHandle h)'),
    BoosterCreate: f('int XGBoosterCreate(DMatrixHandle *dmats, uint64_t len, _Out_ BoosterHandle *out)'),
    BoosterFree: f('int XGBoosterFree(BoosterHandle h)'),
    BoosterSetParam: f('int XGBoosterSetParam(BoosterHandle h, const char *name, const char *value)'),
    BoosterUpdateOneIter: f('int XGBoosterUpdateOneIter(BoosterHandle h, int iter, DMatrixHandle dtrain)'),
    BoosterEvalOneIter: f(
      'int XGBoosterEvalOneIter(BoosterHandle h, int iter, DMatrixHandle *dmats, const char **names, uint64_t len, _Out_ const char **out)',
    ),
    BoosterPredict: f(
      'int XGBoosterPredict(BoosterHandle h, DMatrixHandle d, int option_mask, unsigned int ntree_limit, int training, _Out_ uint64_t *len, _Out_ void **out)',
    ),
    BoosterSlice: f('int XGBoosterSlice(BoosterHandle h, int begin, int end, int step, _Out_ BoosterHandle *out)'),
    BoosterSaveModelToBuffer: f(
      'int XGBoosterSaveModelToBuffer(BoosterHandle h, const char *config, _Out_ uint64_t *len, _Out_ void **out)',
    ),
    BoosterLoadModelFromBuffer: f('int XGBoosterLoadModelFromBuffer(BoosterHandle h, const void *buf, uint64_t len)'),
    BoosterBoostedRounds: f('int XGBoosterBoostedRounds(BoosterHandle h, _Out_ int *out)'),
  } as XGBoostApi;
}

/** Throws `XGBOOST_FAILED` with XGBoost's last error when a C API call returned non-zero. */
export function check(api: XGBoostApi, rc: number, what: string): void {
  if (rc !== 0) {
    throw new ModelError('XGBOOST_FAILED', `XGBoost ${what} failed: ${api.lastError()}`, {
      hint: "check the GBDT kwargs; the message above is XGBoost's own",
    });
  }
}
