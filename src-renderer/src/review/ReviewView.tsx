import { useEffect, useState } from 'react';
import type { Project } from '../../../src-shared/contract/entities';
import { api } from '../api/client';
import { reportError } from '../errors/error-store';
import { ImageReview } from './ImageReview';
import { SectionHeader } from './ProjectTabs';
import { ResponseReview } from './ResponseReview';
import './review.css';

type Mode = 'images' | 'responses';

/**
 * Review mode of a project, in two queues: the images with their annotations, and the
 * responses annotators gave to items. Both share the keys Y approve, X reject, U reset.
 */
export function ReviewView({ projectId }: { projectId: string }) {
  const [project, setProject] = useState<Project | null>(null);
  const [mode, setMode] = useState<Mode>('images');

  useEffect(() => {
    // Arriving from a tab button: hand the keys to this view (Enter would press the tab again).
    (document.activeElement as HTMLElement | null)?.blur();
  }, []);

  useEffect(() => {
    api.getProject({ project_id: projectId }).then(setProject, reportError);
  }, [projectId]);

  const choose = (next: Mode) => {
    setMode(next);
    // Leave the keys to the queue, not to the switch button just pressed.
    (document.activeElement as HTMLElement | null)?.blur();
  };

  return (
    <div className="page review-view" data-testid="review-view" data-mode={mode}>
      <SectionHeader projectId={projectId} title={project ? `${project.name} — review` : 'Review'}>
        <div className="review-mode" role="tablist" aria-label="What to review" data-testid="review-mode">
          {(['images', 'responses'] as const).map((m) => (
            <button key={m} type="button" role="tab" aria-selected={mode === m} className={mode === m ? 'active' : undefined} data-testid={`review-mode-${m}`} onClick={() => choose(m)}>
              {m === 'images' ? 'Images' : 'Responses'}
            </button>
          ))}
        </div>
      </SectionHeader>
      {mode === 'images' ? <ImageReview projectId={projectId} project={project} /> : <ResponseReview projectId={projectId} />}
    </div>
  );
}
