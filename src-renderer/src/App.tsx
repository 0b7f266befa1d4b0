import { Fragment } from 'react';
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
import { TasksView } from './tasks/TasksView';
import { ProfileMenu } from './people/ProfileMenu';
import { useProfile } from './people/profile-store';

/** The screens: project list → one project's images → one image. */
export function App() {
  const screen = useNavigation((s) => s.screen);
  const openProjects = useNavigation((s) => s.openProjects);
  // Views fetch what they show when they mount, and much of it depends on who asks (the item queue,
  // my tasks, what a role may list): a profile switch mounts the screen afresh.
  const profileVersion = useProfile((s) => s.version);
  return (
    <>
      <ErrorBoundary onReset={openProjects}>
        <Fragment key={profileVersion}>
          {screen.view === 'projects' && <ProjectList />}
          {screen.view === 'project' && <ProjectView projectId={screen.projectId} />}
          {screen.view === 'image' && <ImageViewer projectId={screen.projectId} imageId={screen.imageId} />}
          {screen.view === 'review' && <ReviewView projectId={screen.projectId} />}
          {screen.view === 'items' && <ItemsView projectId={screen.projectId} />}
          {screen.view === 'tasks' && <TasksView projectId={screen.projectId} />}
          {screen.view === 'quality' && <QualityView projectId={screen.projectId} />}
        </Fragment>
      </ErrorBoundary>
      <ErrorToasts />
      <SyncIndicator />
      <ProfileMenu />
    </>
  );
}
