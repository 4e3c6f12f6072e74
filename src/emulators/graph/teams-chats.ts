/**
 * Teams chats, teams and channels, as far as their members go
 * (https://learn.microsoft.com/graph/api/resources/aaduserconversationmember).
 *
 * Every two users of a tenant have a one-on-one chat, whose id is the one Teams gives it,
 * `19:{oid}_{oid}@unq.gbl.spaces` (the two object ids in ascending order), so a one-on-one chat
 * never needs seeding. Each seeded tenant also has a group chat and one team with a standard
 * "General" channel (every member of the team) and a private "Support" channel (some of them).
 * Group chat and channel ids have Teams' shapes: `19:{32 hex}@thread.v2` and `@thread.tacv2`.
 */
import { createHash } from 'node:crypto';
import type { DirectoryTenant, DirectoryUser } from '../shared/directory';

export interface ChatMemberRecord {
  userId: string;
  roles: string[];
}

export interface Chat {
  id: string;
  tenantId: string;
  chatType: 'oneOnOne' | 'group';
  topic: string | null;
  members: ChatMemberRecord[];
}

export interface Channel {
  id: string;
  displayName: string;
  membershipType: 'standard' | 'private';
  members: ChatMemberRecord[];
}

export interface Team {
  id: string;
  tenantId: string;
  displayName: string;
  channels: Channel[];
}

const ONE_ON_ONE = /^19:([0-9a-f-]{36})_([0-9a-f-]{36})@unq\.gbl\.spaces$/i;

function hex(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function guid(seed: string): string {
  const h = hex(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The id Teams gives the one-on-one chat of two users. */
export function oneOnOneChatId(userA: string, userB: string): string {
  const [a, b] = [userA.toLowerCase(), userB.toLowerCase()].sort();
  return `19:${a}_${b}@unq.gbl.spaces`;
}

/** Where the tenants and their users come from (GraphDirectory). */
export interface TenantSource {
  tenant(tenantId: string): DirectoryTenant | undefined;
}

export class TeamsChats {
  private readonly groupChats = new Map<string, Chat>();
  private readonly teams = new Map<string, Team>();

  constructor(private readonly directory: TenantSource) {}

  /** The directory decides who exists; group chats and teams are seeded per tenant. */
  seed(tenants: DirectoryTenant[]): void {
    for (const tenant of tenants) {
      const users = tenant.users;
      if (users.length >= 3) {
        this.addGroupChat(
          tenant.id,
          users.slice(0, 3).map((u) => u.id),
          'Launch planning',
          `19:${hex(`${tenant.id}:group:launch`)}@thread.v2`,
        );
      }
      const everyone = users.map((u, i) => ({ userId: u.id.toLowerCase(), roles: i === 0 ? ['owner'] : [] }));
      const someone = everyone.filter((_, i) => i < 2 || i === everyone.length - 1);
      const team: Team = {
        id: guid(`${tenant.id}:team`),
        tenantId: tenant.id.toLowerCase(),
        displayName: `${tenant.displayName.replace(/ \(local\)$/, '')} Sales`,
        channels: [
          { id: `19:${hex(`${tenant.id}:general`)}@thread.tacv2`, displayName: 'General', membershipType: 'standard', members: everyone },
          { id: `19:${hex(`${tenant.id}:support`)}@thread.tacv2`, displayName: 'Support', membershipType: 'private', members: someone },
        ],
      };
      this.teams.set(team.id, team);
    }
  }

  clear(): void {
    this.groupChats.clear();
    this.teams.clear();
  }

  /** The group chats and teams, for the emulator's state file (graph-snapshot.ts); one-on-one chats follow from the directory. */
  exportData(): { groupChats: Chat[]; teams: Team[] } {
    return structuredClone({ groupChats: [...this.groupChats.values()], teams: [...this.teams.values()] });
  }

  importData(data: { groupChats: Chat[]; teams: Team[] }): void {
    this.clear();
    for (const chat of data.groupChats) this.groupChats.set(chat.id.toLowerCase(), structuredClone(chat));
    for (const team of data.teams) this.teams.set(team.id, structuredClone(team));
  }

  addGroupChat(
    tenantId: string,
    memberIds: string[],
    topic: string | null,
    id = `19:${hex(`${tenantId}:${memberIds.join(',')}:${Date.now()}:${Math.random()}`)}@thread.v2`,
  ): Chat {
    const chat: Chat = {
      id,
      tenantId: tenantId.toLowerCase(),
      chatType: 'group',
      topic,
      members: memberIds.map((userId) => ({ userId: userId.toLowerCase(), roles: ['owner'] })),
    };
    this.groupChats.set(id.toLowerCase(), chat);
    return chat;
  }

  /** A chat of the tenant by id: a group chat, or the one-on-one chat of two of its users. */
  chat(tenantId: string, chatId: string): Chat | undefined {
    const group = this.groupChats.get(chatId.toLowerCase());
    if (group) return group.tenantId === tenantId.toLowerCase() ? group : undefined;
    const m = ONE_ON_ONE.exec(chatId);
    const tenant = this.directory.tenant(tenantId);
    if (!m || !tenant) return undefined;
    const [a, b] = [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
    const known = (id: string) => tenant.users.some((u) => u.id.toLowerCase() === id);
    if (a === b || !known(a) || !known(b) || oneOnOneChatId(a, b) !== chatId.toLowerCase()) return undefined;
    return {
      id: oneOnOneChatId(a, b),
      tenantId: tenant.id.toLowerCase(),
      chatType: 'oneOnOne',
      topic: null,
      members: [a, b].map((userId) => ({ userId, roles: ['owner'] })),
    };
  }

  /** The chats a user is in: one-on-one with each colleague, then group chats. */
  chatsOf(tenantId: string, userId: string): Chat[] {
    const tenant = this.directory.tenant(tenantId);
    if (!tenant) return [];
    const me = userId.toLowerCase();
    const oneOnOne = tenant.users
      .filter((u) => u.id.toLowerCase() !== me)
      .map((u) => this.chat(tenant.id, oneOnOneChatId(me, u.id)))
      .filter((c): c is Chat => c !== undefined);
    const groups = [...this.groupChats.values()].filter(
      (c) => c.tenantId === tenant.id.toLowerCase() && c.members.some((m) => m.userId === me),
    );
    return [...oneOnOne, ...groups];
  }

  team(tenantId: string, teamId: string): Team | undefined {
    const team = this.teams.get(teamId.toLowerCase());
    return team && team.tenantId === tenantId.toLowerCase() ? team : undefined;
  }

  teamsOf(tenantId: string): Team[] {
    return [...this.teams.values()].filter((t) => t.tenantId === tenantId.toLowerCase());
  }

  user(tenantId: string, userId: string): DirectoryUser | undefined {
    return this.directory.tenant(tenantId)?.users.find((u) => u.id.toLowerCase() === userId.toLowerCase());
  }
}

/** An aadUserConversationMember as Graph returns it. */
export function conversationMemberResource(
  scopeId: string,
  member: ChatMemberRecord,
  user: DirectoryUser | undefined,
  tenantId: string,
): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.aadUserConversationMember',
    // Graph's member ids are opaque base64 strings made from the conversation and the user.
    id: Buffer.from(`1#${scopeId}#${member.userId}`).toString('base64'),
    roles: [...member.roles],
    displayName: user?.displayName ?? null,
    visibleHistoryStartDateTime: '0001-01-01T00:00:00Z',
    userId: member.userId,
    email: user?.mail ?? user?.userPrincipalName ?? null,
    tenantId,
  };
}
