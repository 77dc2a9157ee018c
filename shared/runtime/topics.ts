// Topic names: the defaults of shared/schemas overridden by the config file's `topics` mapping. A key
// that names no topic is a mistake (a misspelt override would silently keep the default), so it is listed.
import { TOPICS } from '@vigil/schemas';

export type Topics = Record<keyof typeof TOPICS, string>;

export function resolveTopics(overrides: Readonly<Record<string, string>>): { topics: Topics; problems: string[] } {
  const topics = { ...TOPICS } as Topics;
  const problems: string[] = [];
  for (const [k, v] of Object.entries(overrides)) {
    if (Object.hasOwn(TOPICS, k)) topics[k as keyof Topics] = v;
    else problems.push(`topics.${k}: unknown topic (choose from ${Object.keys(TOPICS).join(', ')})`);
  }
  return { topics, problems };
}
