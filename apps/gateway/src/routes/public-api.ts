/**
 * The versioned public API's prefix. Routes are declared with it in full, not mounted under it:
 * two routers mounted at one path confuse the Express instrumentation's http.route.
 */
export const PUBLIC_API = '/api/v1';
