/**
 * GET /api/me: who the caller is to this product — tenant and user ids (no name, no email), how
 * their tenant authorized the app, whether their Webex account is linked, and their settings. The
 * first call records the user.
 *
 * PUT /api/me/settings: changes any of the settings (the others stay); answers the settings in force.
 */
import type { FastifyInstance } from 'fastify';
import { resolveUserSettings, parseUserSettingsUpdate, type UserSettings } from '../meetings/user-settings';
import type { Store } from '../store';
import { ApiError } from './api-error';
import { callerOf } from './caller';

export interface MeResponse {
  tenantId: string;
  userId: string;
  /** 'admin': an admin authorized the app for the whole tenant; 'individual': each user authorizes; 'none': neither yet. */
  tenantMode: 'admin' | 'individual' | 'none';
  webexLinked: boolean;
  settings: UserSettings;
}

export interface MeRoutesOptions {
  store: Pick<Store, 'upsertUser' | 'getTenant' | 'updateUserSettings'>;
}

export async function meRoutes(app: FastifyInstance, { store }: MeRoutesOptions): Promise<void> {
  app.get('/me', async (request): Promise<MeResponse> => {
    const caller = callerOf(request);
    const user = await store.upsertUser(caller);
    const tenant = await store.getTenant(caller.tenantId);
    return {
      tenantId: caller.tenantId,
      userId: caller.userId,
      tenantMode: tenant?.mode ?? 'none',
      webexLinked: user.webexLinked,
      settings: resolveUserSettings(user.settings),
    };
  });

  app.put('/me/settings', async (request): Promise<{ settings: UserSettings }> => {
    const caller = callerOf(request);
    const parsed = parseUserSettingsUpdate(request.body);
    if (!parsed.ok) throw new ApiError(400, 'invalid_settings', parsed.message);
    await store.upsertUser(caller);
    const user = await store.updateUserSettings(caller.tenantId, caller.userId, parsed.update);
    return { settings: resolveUserSettings(user?.settings) };
  });
}
