import { useState, type ReactNode } from 'react';
import { Modal } from './Modal';

/** Asks before a destructive action; the action's failure is shown by the caller. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: { title: string; children: ReactNode; confirmLabel: string; onConfirm(): Promise<void>; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={title} onClose={onClose} testId="confirm-dialog">
      <div className="modal-body">{children}</div>
      <footer className="modal-footer">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          data-testid="confirm"
          disabled={busy}
          autoFocus
          onClick={() => {
            setBusy(true);
            void onConfirm().finally(() => setBusy(false));
          }}
        >
          {confirmLabel}
        </button>
      </footer>
    </Modal>
  );
}
