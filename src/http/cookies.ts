/** The session cookie's name, and the header every cookie-authenticated write carries its CSRF token in. */
export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';
