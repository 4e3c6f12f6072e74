/**
 * The ways to call someone, in the order the tab offers them: their numbers (work, mobile, home,
 * as Microsoft 365 lists them), then their address. The first that can be dialed is what a plain
 * click on "Call" uses. Pure.
 */
import type { Person, PhoneKind, SpeedDial } from '../../core/teams-api-types';
import { planCall, type CallPlan, type CallPreference } from './call-plan';

export interface CallOption {
  kind: PhoneKind | 'address';
  value: string;
  plan: CallPlan;
}

export function callOptions(target: Pick<Person, 'phones' | 'email'>, preference: CallPreference): CallOption[] {
  const options: CallOption[] = [];
  for (const phone of target.phones) {
    const plan = planCall({ number: phone.number }, preference);
    if (plan && !options.some((o) => o.plan.uri === plan.uri)) options.push({ kind: phone.kind, value: phone.number, plan });
  }
  if (target.email) {
    const plan = planCall({ address: target.email }, preference);
    if (plan) options.push({ kind: 'address', value: target.email, plan });
  }
  return options;
}

/** A speed dial seen as a person's call targets. */
export function speedDialTargets(dial: SpeedDial): Pick<Person, 'phones' | 'email'> {
  return { phones: dial.number ? [{ kind: 'business', number: dial.number }] : [], email: dial.address };
}
