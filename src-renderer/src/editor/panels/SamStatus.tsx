import { ModelsButton } from '../../models/ModelsButton';
import { useEditor } from './use-editor';

/** The SAM tool's status line over the canvas: preparing the image, ready, or why SAM cannot run. */
export function SamStatus() {
  const tool = useEditor((s) => s.tool);
  const assist = useEditor((s) => s.assist);
  const imageId = useEditor((s) => s.imageId);
  // Off: another tool, or the instant before the open image's preparation starts.
  if (tool !== 'sam' || assist.state === 'off') return null;
  return (
    <div className={`sam-status ${assist.state}`} data-testid="sam-status" data-state={assist.state} role={assist.state === 'error' ? 'alert' : 'status'}>
      {assist.text}
      <ModelsButton imageId={imageId} />
    </div>
  );
}
