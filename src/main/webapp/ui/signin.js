// Who the dashboard calls the API as: an API key (X-API-Key) or a bearer token, kept in
// sessionStorage (this tab only, forgotten when it closes; not localStorage, which every tab and
// every later visit would share) and sent as a header, never in a URL. The form shows only when
// the API answers 401: a server without authentication (the development profile) never asks.

const STORED = 'docbatch.credential';

const $ = (selector) => document.querySelector(selector);

/** The credential signed in with, { kind: 'key' | 'token', value }, or null. */
function stored() {
  try {
    const credential = JSON.parse(sessionStorage.getItem(STORED));
    return credential?.value ? credential : null;
  } catch {
    return null;
  }
}

export function signedIn() {
  return stored() !== null;
}

function headersFor(credential) {
  if (!credential) return {};
  return credential.kind === 'token'
    ? { Authorization: `Bearer ${credential.value}` }
    : { 'X-API-Key': credential.value };
}

/** The header that carries the credential, or none. */
export function credentialHeaders() {
  return headersFor(stored());
}

/**
 * Shows the sign-in form. With a reason (the server refused the credential signed in with), the
 * credential is forgotten and the reason shown.
 */
export function showSignIn(reason = '') {
  if (reason) sessionStorage.removeItem(STORED);
  $('#signout').hidden = !signedIn();
  $('#forbidden').hidden = true;
  const form = $('#signin-form');
  const error = form.querySelector('.form-error');
  error.textContent = reason ? `Signed out: ${reason}` : '';
  error.hidden = !reason;
  $('#signin').hidden = false;
  form.credential.focus();
}

/** The credential is known but its role is below operator: says so, and offers to sign out. */
export function showForbidden(detail) {
  $('#signin').hidden = true;
  $('#forbidden-detail').textContent = detail;
  $('#forbidden').hidden = false;
  $('#signout').hidden = !signedIn();
}

/**
 * Wires the form and the sign-out button. A credential is tried (GET /api/nodes) before it is
 * kept: a wrong one leaves the form up with the server's reason.
 */
export function setupSignIn({ onSignIn, onSignOut }) {
  const form = $('#signin-form');
  const error = form.querySelector('.form-error');
  const button = form.querySelector('button[type=submit]');
  $('#signout').hidden = !signedIn();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const credential = { kind: form.kind.value, value: form.credential.value.trim() };
    if (credential.kind === 'token') credential.value = credential.value.replace(/^Bearer\s+/i, '');
    error.hidden = true;
    button.disabled = true;
    try {
      const response = await fetch('/api/nodes', {
        headers: { Accept: 'application/json', ...headersFor(credential) },
        cache: 'no-store',
      });
      if (response.status === 401) {
        const problem = await response.json().catch(() => null);
        error.textContent = `Not accepted: ${problem?.detail || 'the server refused this credential'}`;
        error.hidden = false;
        return;
      }
      // 403 too is kept: the credential is right, its role is what the page then explains.
      sessionStorage.setItem(STORED, JSON.stringify(credential));
      form.reset();
      $('#signin').hidden = true;
      $('#signout').hidden = false;
      onSignIn();
    } catch (e) {
      error.textContent = `No answer from the server: ${e.message}`;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  const signOut = () => {
    sessionStorage.removeItem(STORED);
    onSignOut();
    // A fresh page: nothing seen with the old credential stays on screen.
    location.reload();
  };
  $('#signout').addEventListener('click', signOut);
  $('#forbidden-signout').addEventListener('click', signOut);
}
