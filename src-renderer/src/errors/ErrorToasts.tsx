import { useErrors } from './error-store';

/** Failures with their code and message, each dismissible; they stay until read. */
export function ErrorToasts() {
  const errors = useErrors((s) => s.errors);
  const dismiss = useErrors((s) => s.dismiss);
  if (!errors.length) return null;
  return (
    <div className="toasts" role="alert">
      {errors.map((e) => (
        <div key={e.id} className="toast" data-testid="error-toast">
          <span className="code">{e.code}</span>
          <span className="toast-message">{e.message}</span>
          <button type="button" className="icon" aria-label="Dismiss" onClick={() => dismiss(e.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
