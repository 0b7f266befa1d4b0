import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { ModelsDialog } from './ModelsDialog';

/**
 * "Models…": opens the SAM model manager. Placed in the SAM status line, so it sits next to
 * "SAM unavailable …" when a model is missing or damaged. The dialog goes to <body>: the status
 * line is a pointer-transparent overlay whose styles a <dialog> would otherwise inherit.
 */
export function ModelsButton({ imageId }: { imageId?: string | null }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    // The dialog leaves the DOM before it could hand the focus back; a keyboard user continues here.
    requestAnimationFrame(() => button.current?.focus());
  };
  return (
    <>
      <button ref={button} type="button" className="small models-open" data-testid="models-open" title="Manage the SAM models: installed, import, download" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Models…
      </button>
      {open && createPortal(<ModelsDialog imageId={imageId} onClose={close} />, document.body)}
    </>
  );
}
