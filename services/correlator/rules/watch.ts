// Watching the rules folder for changes, debounced so an editor's save burst reloads once.
import { watch, type FSWatcher } from 'node:fs';

export function watchRules(dir: string, onChange: () => void, debounceMs = 200): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
  } catch {
    watcher = undefined;
  }
  return {
    close: () => {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
