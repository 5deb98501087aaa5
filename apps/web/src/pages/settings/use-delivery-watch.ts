import { useEffect, useState } from 'react';
import type { Delivery } from '../../api/detections-types';
import { destinationsApi } from '../../api/destinations-api';

const POLL_MS = 1_000;
/** The worker sends within seconds; past this the page stops asking and says it is still pending. */
const GIVE_UP_MS = 60_000;

export type DeliveryWatch = { delivery: Delivery | null; error: unknown; gaveUp: boolean };

/** Reads a delivery again every second until it is delivered or failed (or a minute has passed). */
export function useDeliveryWatch(deliveryId: string | null): DeliveryWatch {
  const [state, setState] = useState<DeliveryWatch>({ delivery: null, error: null, gaveUp: false });
  useEffect(() => {
    if (!deliveryId) return;
    const controller = new AbortController();
    const started = Date.now();
    let timer: number | undefined;
    setState({ delivery: null, error: null, gaveUp: false });
    const poll = async () => {
      try {
        const { delivery } = await destinationsApi.delivery(deliveryId, controller.signal);
        if (controller.signal.aborted) return;
        const done = delivery.status !== 'pending';
        const gaveUp = !done && Date.now() - started > GIVE_UP_MS;
        setState({ delivery, error: null, gaveUp });
        if (!done && !gaveUp) timer = window.setTimeout(() => void poll(), POLL_MS);
      } catch (error) {
        if (!controller.signal.aborted) setState((s) => ({ ...s, error }));
      }
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [deliveryId]);
  return state;
}
