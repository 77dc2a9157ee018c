// One alert as the value a JSON-carrying sink embeds: an object for ecs / ocsf / json, a string for cef.
import type { Alert } from '@vigil/schemas';
import { encodeCef, encodeEcs, encodeOcsf, type AlertFormat } from '../formats/index.js';

export function alertPayload(alert: Alert, format: AlertFormat): unknown {
  switch (format) {
    case 'ecs':
      return encodeEcs(alert);
    case 'ocsf':
      return encodeOcsf(alert);
    case 'cef':
      return encodeCef(alert);
    case 'json':
      return alert;
  }
}
