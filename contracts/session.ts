// Session cookie names shared by the auth functions and the SPA. No zod here: the SPA's entry chunk imports it.

/** The readable cookie beside the HttpOnly refresh cookie: `=1` while a session may exist, no secret in it. */
export const SESSION_HINT_COOKIE = 'sb_session';
