import { signal } from '@preact/signals';
import type { ConsoleConfig } from './config';

const TOKEN_KEY = 'console.idToken';
const VERIFIER_KEY = 'console.pkceVerifier';
const STATE_KEY = 'console.oauthState';

/** The signed-in user's ID token (sent as Bearer), kept for this browser tab only. */
export const idToken = signal<string | undefined>(sessionStorage.getItem(TOKEN_KEY) ?? undefined);

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
    if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return undefined;
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

export function setToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  idToken.value = token;
}

/** Local runtime only: a token for a role, signed by the runtime's own key (`POST /local/console-token`). */
export async function signInLocally(config: ConsoleConfig, role: TokenClaims['role'], unitId?: string): Promise<void> {
  const response = await fetch(`${config.apiUrl}/local/console-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, unitId }),
  });
  if (!response.ok) throw new Error(`Sign-in failed: HTTP ${response.status}`);
  setToken(((await response.json()) as { token: string }).token);
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
    throw new Error('Sign-in answer does not match this browser tab; sign in again.');
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
  if (!response.ok) throw new Error(`Sign-in failed: HTTP ${response.status}`);
  setToken(((await response.json()) as { id_token: string }).id_token);
  sessionStorage.removeItem(VERIFIER_KEY);
  sessionStorage.removeItem(STATE_KEY);
  history.replaceState(null, '', redirectUri());
}

export function signOut(config: ConsoleConfig): void {
  setToken(undefined);
  if (config.auth.mode === 'oauth' && config.auth.logoutUrl) {
    const url = new URL(config.auth.logoutUrl);
    url.search = new URLSearchParams({ client_id: config.auth.clientId, logout_uri: redirectUri() }).toString();
    location.assign(url.href);
  }
}
