// One plain sentence out of a zod error, for dead-letter reasons: "actor.alternateId: expected string".
import type { z } from 'zod';

export function zodReason(error: z.ZodError, max = 5): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}
