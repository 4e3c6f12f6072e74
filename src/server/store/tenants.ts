/** Microsoft 365 tenants that authorized the app, tenant-wide (admin) or user by user (individual). */
import type { StoreContext } from './store-context';

export type TenantMode = 'admin' | 'individual';

export interface TenantRow {
  /** Entra tenant id (GUID). */
  id: string;
  mode: TenantMode;
  /** When an admin granted tenant-wide consent; null when none has (or it was withdrawn). */
  adminConsentedAt: Date | null;
  /** The organization's default Webex meeting template (set on the admin page); null: none. */
  defaultTemplateId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TenantRecord {
  id: string;
  mode: TenantMode;
  admin_consented_at: Date | null;
  default_template_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export const TENANT_COLUMNS = 'id, mode, admin_consented_at, default_template_id, created_at, updated_at';
const COLUMNS = TENANT_COLUMNS;

export function toTenant(r: TenantRecord): TenantRow {
  return {
    id: r.id,
    mode: r.mode,
    adminConsentedAt: r.admin_consented_at,
    defaultTemplateId: r.default_template_id ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function createTenantRepository({ db }: StoreContext) {
  return {
    /** Creates the tenant, or sets the mode of the one that exists. */
    async upsert(input: { id: string; mode: TenantMode }): Promise<TenantRow> {
      const [row] = await db.query<TenantRecord>(
        `INSERT INTO tenants (id, mode) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()
         RETURNING ${COLUMNS}`,
        [input.id, input.mode],
      );
      return toTenant(row as TenantRecord);
    },

    async get(id: string): Promise<TenantRow | undefined> {
      const [row] = await db.query<TenantRecord>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [id]);
      return row && toTenant(row);
    },

    /** Records (or, with null, clears) the tenant-wide admin consent; undefined if no such tenant. */
    async setAdminConsent(id: string, at: Date | null): Promise<TenantRow | undefined> {
      const [row] = await db.query<TenantRecord>(
        `UPDATE tenants SET admin_consented_at = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, at],
      );
      return row && toTenant(row);
    },

    /**
     * Sets (or, with null, clears) the organization's default meeting template. A tenant not known
     * yet is recorded as a user's first call records it (users.ts upsertUser: 'individual').
     */
    async setDefaultTemplate(id: string, templateId: string | null): Promise<TenantRow> {
      const [row] = await db.query<TenantRecord>(
        `INSERT INTO tenants (id, mode, default_template_id) VALUES ($1, 'individual', $2)
         ON CONFLICT (id) DO UPDATE SET default_template_id = EXCLUDED.default_template_id, updated_at = now()
         RETURNING ${COLUMNS}`,
        [id, templateId],
      );
      return toTenant(row as TenantRecord);
    },

    async list(): Promise<TenantRow[]> {
      return (await db.query<TenantRecord>(`SELECT ${COLUMNS} FROM tenants ORDER BY id`)).map(toTenant);
    },
  };
}
