import { ErrorBoundary } from './errors/ErrorBoundary';
import { ErrorToasts } from './errors/ErrorToasts';
import { SyncIndicator } from './sync/SyncIndicator';
import { ProjectView } from './images/ProjectView';
import { useNavigation } from './navigation/store';
import { ProjectList } from './projects/ProjectList';
import { ImageViewer } from './viewer/ImageViewer';
import { ReviewView } from './review/ReviewView';
import { ItemsView } from './items/ItemsView';
import { QualityView } from './quality/QualityView';

/** The screens: project list → one project's images → one image. */
export function App() {
  const screen = useNavigation((s) => s.screen);
  const openProjects = useNavigation((s) => s.openProjects);
  return (
    <>
      <ErrorBoundary onReset={openProjects}>
        {screen.view === 'projects' && <ProjectList />}
        {screen.view === 'project' && <ProjectView projectId={screen.projectId} />}
        {screen.view === 'image' && <ImageViewer projectId={screen.projectId} imageId={screen.imageId} />}
        {screen.view === 'review' && <ReviewView projectId={screen.projectId} />}
        {screen.view === 'items' && <ItemsView projectId={screen.projectId} />}
        {screen.view === 'quality' && <QualityView projectId={screen.projectId} />}
      </ErrorBoundary>
      <ErrorToasts />
      <SyncIndicator />
    </>
  );
}
