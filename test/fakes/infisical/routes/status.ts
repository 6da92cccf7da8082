import type { Route } from '../server';

/** `GET /api/status` (no auth): health probe. Not in BACKENDS_API.md; body fields beyond `message` UNVERIFIED. */
export const statusRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/status',
    auth: 'none',
    handler: (ctx) => ({ date: ctx.state.iso(), message: 'Ok', emailConfigured: false, inviteOnlySignup: false, redisConfigured: true, secretScanningConfigured: false }),
  },
];
