import { useEffect, useState } from 'react';
import { ExportDatasetDialog } from '../io/ExportDatasetDialog';
import { ImportDatasetDialog } from '../io/ImportDatasetDialog';
import { useNavigation, type ImageFilter } from '../navigation/store';
import { FilterTabs } from './FilterTabs';
import { ImportPanel } from './ImportPanel';
import { ThumbnailGrid } from './ThumbnailGrid';
import { useProject } from './use-project';
import { ProjectTabs } from '../review/ProjectTabs';

/** One project: its counts, importing a folder, and the thumbnails of its images. */
export function ProjectView({ projectId }: { projectId: string }) {
  const { project, stats, missing } = useProject(projectId);
  const filter = useNavigation((s) => s.filter);
  const setFilter = useNavigation((s) => s.setFilter);
  const openProjects = useNavigation((s) => s.openProjects);
  const [ioDialog, setIoDialog] = useState<'import' | 'export' | null>(null);
  useEffect(() => {
    if (missing) openProjects();
  }, [missing, openProjects]);
  const counts: Record<ImageFilter, number | undefined> = {
    all: stats?.images,
    annotated: stats?.annotated_images,
    unannotated: stats ? stats.images - stats.annotated_images : undefined,
  };

  return (
    <div className="page">
      <header className="toolbar">
        <button type="button" className="ghost" data-testid="back-to-projects" onClick={openProjects} title="Back to projects">
          ← Projects
        </button>
        <h1 className="project-title" data-testid="project-title">
          {project?.name ?? '…'}
        </h1>
        {stats && (
          <span className="stats" data-testid="project-stats">
            <span>
              <strong data-testid="stat-images">{stats.images.toLocaleString()}</strong> images
            </span>
            <span>
              <strong data-testid="stat-annotated">{stats.annotated_images.toLocaleString()}</strong> annotated
            </span>
            <span>
              <strong data-testid="stat-annotations">{stats.annotations.toLocaleString()}</strong> annotations
            </span>
          </span>
        )}
        <span className="spacer" />
        <ProjectTabs projectId={projectId} />
        <button type="button" data-testid="open-import-dataset" onClick={() => setIoDialog('import')} title="Import a COCO, YOLO, VOC, LabelMe, CVAT or Label Studio dataset">
          Import dataset
        </button>
        <button type="button" data-testid="open-export-dataset" onClick={() => setIoDialog('export')} title="Export the project as a dataset">
          Export
        </button>
      </header>
      {ioDialog === 'import' && <ImportDatasetDialog projectId={projectId} onClose={() => setIoDialog(null)} />}
      {ioDialog === 'export' && <ExportDatasetDialog projectId={projectId} onClose={() => setIoDialog(null)} />}
      <ImportPanel projectId={projectId} />
      <FilterTabs value={filter} counts={counts} onChange={setFilter} />
      <ThumbnailGrid key={`${projectId}:${filter}`} projectId={projectId} filter={filter} />
    </div>
  );
}
