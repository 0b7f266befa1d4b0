import { useState } from 'react';

/**
 * The reason box that opens when a reviewer rejects: Enter rejects with what was typed (blank is
 * fine), Esc cancels. Mount it fresh for each rejection (key it by what is rejected) so the box
 * starts empty. The test ids are the caller's, as its end-to-end tests know them.
 */
export function RejectReason({ label, boxTestId, inputTestId, onReject, onCancel }: {
  /** What the reason is for, before the key hints. */
  label: string;
  boxTestId: string;
  inputTestId: string;
  onReject(reason: string): void;
  onCancel(): void;
}) {
  const [reason, setReason] = useState('');
  return (
    <div className="reject-box" data-testid={boxTestId}>
      <label>
        <span>
          {label} — <kbd>Enter</kbd> rejects, <kbd>Esc</kbd> cancels
        </span>
        <input
          autoFocus
          data-testid={inputTestId}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              e.stopPropagation();
              onReject(reason);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onCancel();
            }
          }}
        />
      </label>
    </div>
  );
}
