/** Roles in order of power: each includes what the ones after it may do. */
export const ROLES = ['admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { admin: 3, analyst: 2, viewer: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether a user with `role` may use a route open to `required`. The
 * hierarchy (admin ⊃ analyst ⊃ viewer) means a route needs only name the
 * least powerful role it allows.
 */
export function roleAllows(role: Role, required: readonly Role[]): boolean {
  return required.some((r) => RANK[role] >= RANK[r]);
}
