// Reading a JSON request body with a hard size limit (bounded input).
import type { IncomingMessage } from 'node:http';
import { VigilError } from '@vigil/core';
import { validationError } from './problem.js';

export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('application/json')) throw validationError([{ path: 'content-type', message: 'send the body as application/json' }]);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limitBytes) throw new VigilError('VIGIL_ERR_TOO_LARGE', `body is ${declared} bytes, over the limit of ${limitBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new VigilError('VIGIL_ERR_TOO_LARGE', `body is over the limit of ${limitBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new VigilError('VIGIL_ERR_PARSE', `body is not valid JSON: ${(err as Error).message}`);
  }
}
