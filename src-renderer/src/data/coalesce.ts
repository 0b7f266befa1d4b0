/**
 * Runs an async refresh at most once at a time: triggers while it runs collapse into one more
 * run afterwards. A 100k-image import fires dataChanged often; views should not pile up calls.
 */
export function coalesce(run: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void run().finally(() => {
      running = false;
      if (again) {
        again = false;
        trigger();
      }
    });
  };
  return trigger;
}
