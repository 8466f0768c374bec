// "The beneficiary registry changed" as an announcement, so the registry model need not import
// the models that remember registry figures (the statistics' coverage counts): they subscribe.
// In-process only; other processes forget on their own timer (the caches are short-lived).
type Listener = () => void;

const listeners = new Set<Listener>();

/** Subscribes; returns the function that unsubscribes. */
export function onRegistryChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener; one that throws does not keep the news from the others. */
export function announceRegistryChanged(): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch (error) {
      console.error("registry listener failed", error);
    }
  }
}
