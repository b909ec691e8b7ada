import { signal } from '@preact/signals';
import type { ConsoleConfig } from './config';

const TOKEN_KEY = 'console.idToken';
const VERIFIER_KEY = 'console.pkceVerifier';
const STATE_KEY = 'console.oauthState';
const RETURN_KEY = 'console.returnTo';

/** The signed-in user's ID token (sent as Bearer), kept for this browser tab only. */
export const idToken = signal<string | undefined>(sessionStorage.getItem(TOKEN_KEY) ?? undefined);

/**
 * Issue 14 item 10: true once the session is over — the token's `exp` passed, or the API answered 401 — until the user
 * signs in again. A stale board is dangerous (old countdowns ticking, deadlines that moved on): while it is true the
 * page is greyed, nothing polls or counts down, and the header no longer says who is signed in.
 */
export const sessionExpired = signal(false);

export interface TokenClaims {
  sub: string;
  role: 'reporter' | 'duty-officer' | 'admin';
  unitId?: string;
  exp: number;
}

/** The role and unit the token carries (the API checks the token; this only shapes the screens). */
export function claimsOf(token: string | undefined): TokenClaims | undefined {
  if (!token) return undefined;
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/'))) as Record<
      string,
      unknown
    >;
    return {
      sub: String(payload.sub),
      role: payload['custom:role'] as TokenClaims['role'],
      unitId: payload['custom:unitId'] as string | undefined,
      exp: Number(payload.exp),
    };
  } catch {
    return undefined;
  }
}

let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/** Ends the session now (its `exp` passed, or the API refused the token): the console asks to sign in again. */
export function expireSession(): void {
  if (!idToken.value) return;
  if (expiryTimer) clearTimeout(expiryTimer);
  sessionStorage.removeItem(TOKEN_KEY);
  sessionExpired.value = true;
}

// Ends the session at the token's `exp` (a timer may fire late in a background tab, never early: the API then answers
// 401, which ends it too).
function watchExpiry(token: string | undefined): void {
  if (expiryTimer) clearTimeout(expiryTimer);
  const claims = claimsOf(token);
  if (!claims) return;
  const left = claims.exp * 1000 - Date.now();
  if (left <= 0) expireSession();
  // setTimeout holds at most 2^31-1 ms (24.8 days); a longer token is re-checked then.
  else expiryTimer = setTimeout(() => watchExpiry(idToken.value), Math.min(left, 2 ** 31 - 1));
}

export function setToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  idToken.value = token;
  sessionExpired.value = false;
  watchExpiry(token);
}

// A token kept from before a reload is watched too (and, when it expired meanwhile, ends the session at once).
watchExpiry(idToken.value);

/** Why signing in failed, for the sign-in form to say in the user's language. */
export class SignInError extends Error {
  public readonly reason: 'unknown-unit' | 'refused' | 'unreachable' | 'state-mismatch';
  public constructor(reason: SignInError['reason'], detail: string) {
    super(detail);
    this.reason = reason;
  }
}

/** Local runtime only: a token for a role, signed by the runtime's own key (`POST /local/console-token`). */
export async function signInLocally(config: ConsoleConfig, role: TokenClaims['role'], unitId?: string): Promise<void> {
  const response = await fetch(`${config.apiUrl}/local/console-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, unitId }),
  }).catch((error: Error) => {
    throw new SignInError('unreachable', error.message);
  });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { errors?: { field: string }[] };
    const unitRefused = problem.errors?.some((error) => error.field === 'unitId') ?? false;
    throw new SignInError(unitRefused ? 'unknown-unit' : 'refused', `HTTP ${response.status}`);
  }
  setToken(((await response.json()) as { token: string }).token);
}

/** Local runtime only: the directory of units, readable before signing in (`GET /local/units`). */
export async function localUnits(config: ConsoleConfig): Promise<LocalUnit[]> {
  const response = await fetch(`${config.apiUrl}/local/units`).catch((error: Error) => {
    throw new SignInError('unreachable', error.message);
  });
  if (!response.ok) throw new SignInError('refused', `HTTP ${response.status}`);
  return ((await response.json()) as { units: LocalUnit[] }).units;
}

export interface LocalUnit {
  unitId: string;
  kind: string;
  name: Record<'zh-CN' | 'en', string>;
}

const base64Url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

const redirectUri = (): string => new URL('.', document.baseURI).href;

/** OAuth 2.0 authorization code with PKCE (RFC 7636) against the user pool's managed login. */
export async function startOauthSignIn(config: Extract<ConsoleConfig['auth'], { mode: 'oauth' }>): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  sessionStorage.setItem(STATE_KEY, state);
  // The login page sends the browser back to the console's root: remember the page (`#/…`) to return to it.
  sessionStorage.setItem(RETURN_KEY, location.hash);
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
}

/** Completes the sign-in when the login page sent the browser back with `?code=…&state=…`. */
export async function completeOauthSignIn(config: Extract<ConsoleConfig['auth'], { mode: 'oauth' }>): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return;
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  if (params.get('state') !== sessionStorage.getItem(STATE_KEY) || !verifier)
    throw new SignInError('state-mismatch', 'Sign-in answer does not match this browser tab');
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: verifier,
    }),
  });
  if (!response.ok) throw new SignInError('refused', `HTTP ${response.status}`);
  setToken(((await response.json()) as { id_token: string }).id_token);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  const returnTo = sessionStorage.getItem(RETURN_KEY) ?? '';
  sessionStorage.removeItem(RETURN_KEY);
  history.replaceState(null, '', `${redirectUri()}${returnTo}`);
}

export function signOut(config: ConsoleConfig): void {
  setToken(undefined);
  if (config.auth.mode === 'oauth' && config.auth.logoutUrl) {
    const url = new URL(config.auth.logoutUrl);
    url.search = new URLSearchParams({ client_id: config.auth.clientId, logout_uri: redirectUri() }).toString();
    location.assign(url.href);
  }
}
