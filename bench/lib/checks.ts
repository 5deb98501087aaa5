import type { DbClient } from '@tai/db';
import type { LoadPhaseResult } from '../scenarios/event-handler.js';
import { countStoredUids } from './database.js';

export type CountCheck = { line: string; ok: boolean };

/**
 * The rows a load phase left in the table must be exactly what its 2xx answers reported as inserted
 * (x-ingest-accepted), plus those of requests whose answer never arrived (in flight when the phase was cut
 * off, timed out or refused), which are looked up by uid.
 */
export async function checkLoadPhase(client: DbClient, tenantId: string, phase: LoadPhaseResult, tableRows: number): Promise<CountCheck> {
  const storedUncertain = await countStoredUids(client, tenantId, phase.uncertainUids);
  const expected = phase.accepted + storedUncertain;
  const ok = tableRows === expected && phase.duplicates === 0;
  const tag = phase.scenario.slice(0, 3);
  return {
    ok,
    line: `${ok ? 'OK      ' : 'MISMATCH'} ${tag} table rows ${tableRows} = accepted in 2xx answers ${phase.accepted}`
      + ` + stored from ${phase.uncertainUids.length} unanswered events ${storedUncertain}`
      + ` (2xx requests ${phase.ok2xx}, duplicates reported ${phase.duplicates})`,
  };
}

export function checkCopy(tableRows: number, copied: number): CountCheck {
  const ok = tableRows === copied;
  return { ok, line: `${ok ? 'OK      ' : 'MISMATCH'} (c) table rows ${tableRows} = rows COPY reported ${copied}` };
}
