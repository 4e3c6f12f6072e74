/**
 * GET /api/me: who the caller is to this product — tenant and user ids (no name, no email), how
 * their tenant authorized the app, whether their Webex account is linked, and their settings. The
 * first call records the user. It also says which authorization mode is in force and what the user
 * must do (calendarAccess, webexScheduling, requiredActions: src/server/admin/user-authorization-state.ts),
 * and, when the backend may read the user's calendar, lets the sync engine subscribe to it.
 *
 * PUT /api/me/settings: changes any of the settings (the others stay); answers the settings in force.
 */
import type { FastifyInstance } from 'fastify';
import type { MeResponse, UserSettings } from '../../core/api-types';
import type { CalendarAvailableHook } from '../admin/authorization-context';
import { userAuthorizationState } from '../admin/user-authorization-state';
import { resolveUserSettings, parseUserSettingsUpdate } from '../meetings/user-settings';
import type { UserRepository, TenantRepository } from '../store';
import { ApiError } from './api-error';
import { callerOf } from './caller';
import { toError } from '../errors';

export interface MeRoutesOptions {
  store: { users: Pick<UserRepository, 'upsert' | 'updateSettings'>; tenants: Pick<TenantRepository, 'get'> };
  /** The deployment has an organization Webex token (config.webex.serviceToken). */
  webexServiceToken?: boolean;
  /** Whether the user authorized their own calendar (individual mode). */
  hasCalendarAuthorization?: (tenantId: string, userId: string) => Promise<boolean>;
  /** Called, without waiting, when the backend may read the user's calendar (the sync engine subscribes). */
  onCalendarAvailable?: CalendarAvailableHook;
}

export async function meRoutes(app: FastifyInstance, options: MeRoutesOptions): Promise<void> {
  const { store } = options;
  app.get('/me', async (request): Promise<MeResponse> => {
    const caller = callerOf(request);
    const user = await store.users.upsert(caller);
    const tenant = await store.tenants.get(caller.tenantId);
    const tenantMode = tenant?.mode ?? 'none';
    const calendarAuthorized =
      tenantMode !== 'admin' && options.hasCalendarAuthorization
        ? await options.hasCalendarAuthorization(caller.tenantId, caller.userId)
        : false;
    const state = userAuthorizationState({
      tenantMode,
      webexServiceToken: options.webexServiceToken ?? false,
      webexLinked: user.webexLinked,
      calendarAuthorized,
    });
    if (state.calendarAccess !== 'required' && options.onCalendarAvailable) {
      // Not awaited: the task pane should not wait for a subscription to be made.
      const userAssertion = /^Bearer +(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
      options.onCalendarAvailable(caller.tenantId, caller.userId, userAssertion).catch((thrown: unknown) => {
        const err = toError(thrown);
        request.log.warn(
          { err, code: (err as { code?: string }).code ?? 'calendar_subscribe_failed' },
          'could not start following the calendar',
        );
      });
    }
    return {
      tenantId: caller.tenantId,
      userId: caller.userId,
      tenantMode,
      webexLinked: user.webexLinked,
      ...state,
      settings: resolveUserSettings(user.settings),
      organizationDefaults: { templateId: tenant?.defaultTemplateId ?? '' },
    };
  });

  app.put('/me/settings', async (request): Promise<{ settings: UserSettings }> => {
    const caller = callerOf(request);
    const parsed = parseUserSettingsUpdate(request.body);
    if (!parsed.ok) throw new ApiError(400, 'invalid_settings', parsed.message);
    await store.users.upsert(caller);
    const user = await store.users.updateSettings(caller.tenantId, caller.userId, parsed.update);
    return { settings: resolveUserSettings(user?.settings) };
  });
}
