/**
 * What a user chooses from when adding a meeting, as Webex offers it to them: the Webex sites they
 * host on (Get Site List) and each site's meeting templates (List Meeting Templates), and what a
 * template sets (Get a Meeting Template), so that the pane shows the template's options before the
 * meeting is made. Asked of Webex each time, never stored. In admin mode the organization's token
 * asks for the user (`userEmail`, `hostEmail`); for a delegate, for the calendar's owner.
 *
 * A site list Webex refuses (an integration without the preferences scope) is no choice: the
 * meeting goes to the preferred site, as it would without one.
 */
import type { MeetingChoices, TemplateResponse } from '../../core/api-types';
import type { CallerIdentity } from '../auth/bearer-token-verifier';
import { DomainError, toError } from '../errors';
import type { WebexMeetingTemplate, WebexMeetingTemplateDetails, WebexSite } from '../webex/webex-types';
import type { WebexActor, WebexActorResolver } from './webex-actor';
import { asOwners, webexFailureToDomainError } from './webex-failure';
import { templateOptions } from './webex-meeting-mapping';

/** At most this many sites are asked for their templates. */
export const MAX_TEMPLATE_SITES = 10;

export interface WebexChoicesApi {
  listSites(token: string, options?: { userEmail?: string }): Promise<WebexSite[]>;
  listTemplates(token: string, options?: { siteUrl?: string; hostEmail?: string }): Promise<WebexMeetingTemplate[]>;
  getTemplate(token: string, templateId: string, options?: { hostEmail?: string }): Promise<WebexMeetingTemplateDetails>;
}

export interface MeetingChoicesService {
  choices(caller: CallerIdentity, options?: { delegated?: boolean }): Promise<MeetingChoices>;
  template(caller: CallerIdentity, templateId: string, options?: { delegated?: boolean }): Promise<TemplateResponse>;
}

const TEMPLATE_ID = /^[A-Za-z0-9_=+-]{1,512}$/;

function status(thrown: unknown): number | undefined {
  const value = typeof thrown === 'object' && thrown !== null ? (thrown as { status?: unknown }).status : undefined;
  return typeof value === 'number' ? value : undefined;
}

export function createMeetingChoicesService(deps: { webex: WebexChoicesApi; actorOf: WebexActorResolver }): MeetingChoicesService {
  const { webex } = deps;

  async function callWebex<T>(call: () => Promise<T>, actor: WebexActor | undefined, delegated: boolean): Promise<T> {
    try {
      return await call();
    } catch (thrown) {
      const error = webexFailureToDomainError(thrown, { actor: actor?.kind }) ?? toError(thrown);
      throw delegated ? asOwners(error) : error;
    }
  }

  const actorFor = (caller: CallerIdentity, delegated: boolean) =>
    callWebex(() => deps.actorOf(caller.tenantId, caller.userId, { delegated }), undefined, delegated);

  return {
    async choices(caller, options = {}) {
      const delegated = options.delegated === true;
      const actor = await actorFor(caller, delegated);
      const sites = await webex.listSites(actor.token, actor.hostEmail ? { userEmail: actor.hostEmail } : {}).catch((thrown: unknown) => {
        if (status(thrown) === 403 || status(thrown) === 404) return [] as WebexSite[];
        throw webexFailureToDomainError(thrown, { actor: actor.kind }) ?? toError(thrown);
      });
      const asked = sites.length > 0 ? sites.slice(0, MAX_TEMPLATE_SITES).map((s) => s.siteUrl) : [undefined];
      const lists = await Promise.all(
        asked.map((siteUrl) =>
          callWebex(
            () =>
              webex.listTemplates(actor.token, {
                ...(siteUrl ? { siteUrl } : {}),
                ...(actor.hostEmail ? { hostEmail: actor.hostEmail } : {}),
              }),
            actor,
            delegated,
          ),
        ),
      );
      return {
        sites: sites.map((s) => ({ siteUrl: s.siteUrl.toLowerCase(), preferred: s.default === true })),
        templates: lists
          .flat()
          .filter((t) => t.templateType === 'meeting')
          .map((t) => ({ id: t.id, name: t.name, siteUrl: t.siteUrl.toLowerCase(), isDefault: t.isDefault === true })),
      };
    },

    async template(caller, templateId, options = {}) {
      if (!TEMPLATE_ID.test(templateId)) throw new DomainError('not_found', 'template_not_found', 'There is no such meeting template.');
      const delegated = options.delegated === true;
      const actor = await actorFor(caller, delegated);
      try {
        const details = await webex.getTemplate(actor.token, templateId, actor.hostEmail ? { hostEmail: actor.hostEmail } : {});
        return { options: templateOptions(details.meeting) };
      } catch (thrown) {
        if (status(thrown) === 404) throw new DomainError('not_found', 'template_not_found', 'There is no such meeting template.');
        const error = webexFailureToDomainError(thrown, { actor: actor.kind }) ?? toError(thrown);
        throw delegated ? asOwners(error) : error;
      }
    },
  };
}
