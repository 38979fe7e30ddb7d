/** The session cookie's name, and the header every cookie-authenticated write carries its CSRF token in. */
export const SESSION_COOKIE = 'tandem_session';
export const CSRF_HEADER = 'x-csrf-token';
/**
 * A hint that a session may exist, readable by the page (not httpOnly, no secret in it): the web asks who is
 * signed in only when it is there, so that a visitor's first page makes no request that ends in a 401. Set at
 * sign-in, cleared at sign-out and when a session is found invalid. The session cookie alone authenticates.
 */
export const SIGNED_IN_HINT_COOKIE = 'tandem_signed_in';
