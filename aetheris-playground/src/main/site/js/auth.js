// Login against the server's HTTP API: dev login when the server runs with --dev (detected by the
// endpoint answering anything but 404), the email one-time code otherwise. The session is kept in
// sessionStorage so a reload stays logged in but a new tab logs in again.

const STORAGE_KEY = 'aetheris.session';
/** Path of the dev login; the browser tests know it too (they ignore the probe's console line). */
export const DEV_LOGIN = '/v1/auth/dev-login';

/** Thrown for an HTTP error; `message` is the server's own when it sent one. */
export class AuthError extends Error {}

async function postJson(path, body) {
  let res;
  try {
    res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new AuthError(`cannot reach the server (${e.message})`);
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON: reported below with the status
  }
  if (!res.ok) {
    const why = json && (json.message || json.error);
    throw new AuthError(why ? `${why} (HTTP ${res.status})` : `HTTP ${res.status}`);
  }
  return json;
}

/**
 * Whether the dev login exists: a GET on its path answers 404 only when the server has no dev
 * mode (with --dev it answers 405, or 200 if it chooses to describe itself). GET cannot log
 * anyone in, so the probe has no side effect.
 */
export async function detectDevMode() {
  try {
    const res = await fetch(DEV_LOGIN, { method: 'GET', cache: 'no-store' });
    return res.status !== 404;
  } catch {
    return false;
  }
}

export async function devLogin(name, admin) {
  return sessionFrom(await postJson(DEV_LOGIN, { name, admin }));
}

export async function requestOtp(email) {
  return postJson('/v1/auth/otp/request', { email });
}

export async function verifyOtp(requestId, code) {
  return sessionFrom(await postJson('/v1/auth/otp/verify', { request_id: requestId, code }));
}

function sessionFrom(json) {
  if (!json || typeof json.session_token !== 'string') throw new AuthError('the server answered without a session token');
  const claims = decodeJwtPayload(json.session_token);
  const roles = normalizeRoles(json.roles ?? claims?.roles);
  const session = {
    token: json.session_token,
    playerId: json.player_id ?? claims?.sub ?? '',
    expiresAt: json.expires_at ?? (claims?.exp ? claims.exp * 1000 : null),
    // The token's own claim decides what the server will allow, so the panel follows it; only a
    // token that is not a JWT falls back to the roles the login answer listed.
    tokenRoles: claims ? normalizeRoles(claims.roles) : roles,
    roles,
    name: claims?.name ?? '',
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

function normalizeRoles(r) {
  if (Array.isArray(r)) return r.map(String);
  if (typeof r === 'string') return r.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The JWT's payload object, or null when the token is not a JWT. Signature is the server's job. */
export function decodeJwtPayload(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export function isAdmin(session) {
  return session.tokenRoles.includes('admin');
}

/** The stored session, or null when absent or expired. */
export function loadSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!s || typeof s.token !== 'string') return null;
    if (expiresAtMs(s) !== null && expiresAtMs(s) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export function clearSession() {
  sessionStorage.removeItem(STORAGE_KEY);
}

function expiresAtMs(s) {
  if (s.expiresAt === null || s.expiresAt === undefined) return null;
  if (typeof s.expiresAt === 'number') return s.expiresAt < 1e12 ? s.expiresAt * 1000 : s.expiresAt;
  const t = Date.parse(s.expiresAt);
  return Number.isNaN(t) ? null : t;
}
