// The only calls the destinations tab makes (apps/api/src/modules/detections/destinations.routes.ts).
import { api } from './client';
import type { Delivery, Destination, DestinationBody, DestinationChanges, DestinationCreated } from './detections-types';

const path = (id: string) => `/v1/destinations/${encodeURIComponent(id)}`;

export const destinationsApi = {
  list: (signal?: AbortSignal) => api.get<{ data: Destination[] }>('/v1/destinations', undefined, signal),
  create: (body: DestinationBody) => api.post<DestinationCreated>('/v1/destinations', body),
  update: (id: string, changes: DestinationChanges) => api.patch<{ destination: Destination }>(path(id), changes),
  remove: (id: string) => api.del<void>(path(id)),
  sendTest: (id: string) => api.post<{ delivery: { id: string; status: string } }>(`${path(id)}/test`),
  deliveries: (id: string, limit: number, signal?: AbortSignal) => api.get<{ data: Delivery[] }>(`${path(id)}/deliveries`, { limit }, signal),
  delivery: (id: string, signal?: AbortSignal) => api.get<{ delivery: Delivery }>(`/v1/deliveries/${encodeURIComponent(id)}`, undefined, signal),
  retry: (id: string) => api.post<{ delivery: { id: string; status: string } }>(`/v1/deliveries/${encodeURIComponent(id)}/retry`),
};
