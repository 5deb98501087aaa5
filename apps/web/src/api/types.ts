// Shapes of the REST API responses the dashboard reads. The OpenAPI document at /docs is the reference.

export type Role = 'admin' | 'analyst';

export type SessionUser = { id: string; email: string; name: string | null; role: Role; tenantId: string; tenantName: string };

export type AuthSession = { user: SessionUser; csrfToken: string };

export type Page<T> = { data: T[]; nextCursor: string | null };
