import { useNavigation, type ProjectSection } from '../navigation/store';

const TABS: { view: 'project' | ProjectSection; label: string }[] = [
  { view: 'project', label: 'Images' },
  { view: 'review', label: 'Review' },
  { view: 'items', label: 'Items' },
  { view: 'tasks', label: 'Tasks' },
  { view: 'quality', label: 'Quality' },
];

/** "Images | Review | Items | Tasks | Quality": the views of one project. */
export function ProjectTabs({ projectId }: { projectId: string }) {
  const current = useNavigation((s) => s.screen.view);
  const openProject = useNavigation((s) => s.openProject);
  const openSection = useNavigation((s) => s.openSection);
  return (
    <nav className="project-tabs" data-testid="project-tabs" aria-label="Project views">
      {TABS.map((t) => (
        <button
          key={t.view}
          type="button"
          className={current === t.view ? 'tab active' : 'tab'}
          aria-current={current === t.view ? 'page' : undefined}
          data-testid={`tab-${t.view === 'project' ? 'images' : t.view}`}
          onClick={() => (t.view === 'project' ? openProject(projectId) : openSection(t.view, projectId))}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}

/** The header of the review, items and quality views: back to projects, the project name, the tabs. */
export function SectionHeader({ projectId, title, children }: { projectId: string; title: string; children?: React.ReactNode }) {
  const openProjects = useNavigation((s) => s.openProjects);
  return (
    <header className="toolbar">
      <button type="button" className="ghost" data-testid="back-to-projects" onClick={openProjects} title="Back to projects">
        ← Projects
      </button>
      <h1 className="project-title" data-testid="section-title">
        {title}
      </h1>
      <span className="spacer" />
      {children}
      <ProjectTabs projectId={projectId} />
    </header>
  );
}
