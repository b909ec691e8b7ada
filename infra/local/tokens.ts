import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

type CryptoKey = webcrypto.CryptoKey;
import { ROLE_CLAIM, UNIT_CLAIM, type Role } from '../../functions/domain/access';

/** The issuer and audience of local tokens, as a Cognito user pool and its app client are in AWS. */
export const LOCAL_ISSUER = 'urn:incident-reporting:local';
export const LOCAL_AUDIENCE = 'incident-reporting-api';
const ALGORITHM = 'ES256';

/** The local signing key pair, kept in `DATA_DIR/jwt-signing-key.json` (created on first use, owner-only). */
export async function localSigningKeys(dataDir: string): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
  const file = join(dataDir, 'jwt-signing-key.json');
  let jwk: JWK;
  try {
    jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch {
    const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
    jwk = await exportJWK(privateKey);
    try {
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process (npm start, npm run token) created it first: use theirs.
      jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    }
  }
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
  };
}

export interface TokenRequest {
  role: Role;
  unitId?: string;
  subject?: string;
  /** Lifetime; default 12 hours, one duty shift. */
  hours?: number;
  /** Lifetime in seconds, instead of `hours`: a session that ends while a test watches (issue 14 item 10). */
  seconds?: number;
}

/**
 * A token signed by the local key, with the claims the API reads (`custom:role`, `custom:unitId`).
 *
 * @example
 * ```ts
 * const token = await issueLocalToken('.data', { role: 'reporter', unitId: 'gaosheng-zone' });
 * ```
 */
export async function issueLocalToken(dataDir: string, request: TokenRequest): Promise<string> {
  const { privateKey } = await localSigningKeys(dataDir);
  return new SignJWT({ [ROLE_CLAIM]: request.role, ...(request.unitId ? { [UNIT_CLAIM]: request.unitId } : {}) })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(request.subject ?? `local-${request.role}${request.unitId ? `-${request.unitId}` : ''}`)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.seconds !== undefined ? `${request.seconds}s` : `${request.hours ?? 12}h`)
    .sign(privateKey);
}

/** Verifies `Authorization: Bearer …` the way API Gateway's JWT authorizer does; the claims, or undefined. */
export function localTokenVerifier(
  publicKey: CryptoKey,
): (authorization: string | undefined) => Promise<JWTPayload | undefined> {
  return async (authorization) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        algorithms: [ALGORITHM],
      });
      return payload;
    } catch {
      return undefined;
    }
  };
}
