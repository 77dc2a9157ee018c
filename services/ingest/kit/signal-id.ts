// Signal ids derived from the source's own event id, so redelivered input yields the same ids.
import { stableId } from '@vigil/core';

export function signalId(source: string, eventId: string, ...discriminators: (string | number)[]): string {
  return stableId('sig', source, eventId, ...discriminators);
}
