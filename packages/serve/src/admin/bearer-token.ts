import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ServeError } from '../errors.js';

/** The admin token, kept as its sha256 so it is compared in constant time and never logged. */
export interface AdminToken {
  /** `token:<first 12 hex of sha256>`: names the caller in the audit log without revealing the token. */
  id: string;
  digest: Buffer;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Reads the token of `--token-file`: the file's first line, trimmed; at least 16 characters. */
export function readTokenFile(path: string): AdminToken {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ServeError('TOKEN_FILE_INVALID', `cannot read the token file ${path}: ${(e as Error).message}`, {
      hint: 'pass a file that holds the admin token on its first line, e.g. `openssl rand -hex 32 > token && chmod 600 token`',
    });
  }
  const token = (text.split('\n')[0] ?? '').trim();
  if (token.length < 16) {
    throw new ServeError('TOKEN_FILE_INVALID', `the token in ${path} is ${token.length === 0 ? 'empty' : `${token.length} characters`}`, {
      hint: 'use a token of at least 16 characters, e.g. `openssl rand -hex 32 > token`',
    });
  }
  return tokenOf(token);
}

/** An {@link AdminToken} from the token text. */
export function tokenOf(token: string): AdminToken {
  const digest = sha256(token);
  return { id: `token:${digest.toString('hex').slice(0, 12)}`, digest };
}

/** True when the `Authorization` header carries the token (`Bearer <token>`); the comparison takes the same time either way. */
export function bearerMatches(header: string | undefined, token: AdminToken): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  const given = sha256(m ? m[1]!.trim() : '');
  return timingSafeEqual(given, token.digest) && m !== null;
}
