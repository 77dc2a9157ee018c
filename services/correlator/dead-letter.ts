// Dead-letter records for what the correlator cannot read from `vigil.signals`.
import type { BusRecord, OutRecord } from '@vigil/bus';
import type { ErrorCode } from '@vigil/core';
import { buildDeadLetter } from '@vigil/schemas';

export function deadLetterOf(r: BusRecord, topic: string, code: ErrorCode, reason: string): OutRecord {
  return { topic, key: r.topic, value: JSON.stringify(buildDeadLetter('correlator', r, code, reason)) };
}
