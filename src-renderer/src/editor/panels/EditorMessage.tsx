import { useEffect, useState } from 'react';
import { useEditor } from './use-editor';

const SHOW_MS = 5000;

/** Why an edit was refused (or what undo did), over the canvas for a few seconds. */
export function EditorMessage() {
  const message = useEditor((s) => s.message);
  const [shown, setShown] = useState<number | null>(null);
  useEffect(() => {
    if (!message) return;
    setShown(message.id);
    const timer = window.setTimeout(() => setShown((id) => (id === message.id ? null : id)), SHOW_MS);
    return () => window.clearTimeout(timer);
  }, [message]);
  if (!message || shown !== message.id) return null;
  return (
    <div className={`editor-message ${message.tone}`} data-testid="editor-message" data-tone={message.tone} role={message.tone === 'error' ? 'alert' : 'status'}>
      {message.text}
    </div>
  );
}
