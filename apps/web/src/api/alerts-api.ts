// The only calls the alerts pages make (apps/api/src/modules/detections/alerts.routes.ts).
import { api, type Query } from './client';
import type { Alert, AlertDetail, AlertNote, AlertPage, AlertStatus } from './detections-types';

export const alertsApi = {
  list: (query: Query, signal?: AbortSignal) => api.get<AlertPage>('/v1/alerts', query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<AlertDetail>(`/v1/alerts/${encodeURIComponent(id)}`, undefined, signal),
  setStatus: (id: string, status: AlertStatus, note?: string) =>
    api.patch<{ alert: Alert }>(`/v1/alerts/${encodeURIComponent(id)}`, note ? { status, note } : { status }),
  addNote: (id: string, text: string) => api.post<{ note: AlertNote }>(`/v1/alerts/${encodeURIComponent(id)}/notes`, { text }),
};
