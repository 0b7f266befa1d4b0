import type { AnnotationPatch, Image, Project } from '../../../src-shared/contract/entities';
import type { ProcedureArgs } from '../../../src-shared/contract/procedures';
import { AppError, type ErrorDetail } from '../../../src-shared/contract/errors';
import { taskRuleProblems } from '../../../src-shared/geometry/task-rules';
import { validateGeometry } from '../../../src-shared/geometry/validate';
import type { Store } from '../store';
import type { NewAnnotation } from '../store/annotations';

type AnnotationInput = ProcedureArgs<'createAnnotation'>;

/** Checks one annotation against its image and project; returns the problems, prefixed by `at`. */
function problemsOf(input: { class_id?: number | null; geometry?: AnnotationInput['geometry'] }, image: Image, project: Project, at: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (input.geometry) {
    for (const p of validateGeometry(input.geometry, image)) problems.push({ field: `${at}${p.field ?? 'geometry'}`, message: p.message });
    // The project's task_config (min sizes, allowed box and segmentation types) binds every writer, not only the editor.
    for (const p of taskRuleProblems(input.geometry, project.task_config)) problems.push({ field: `${at}${p.field ?? 'geometry'}`, message: p.message });
  }
  if (input.class_id !== undefined && input.class_id !== null && !project.classes.some((c) => c.id === input.class_id)) {
    problems.push({ field: `${at}class_id`, message: `class ${input.class_id} is not a class of project "${project.name}"` });
  }
  return problems;
}

function refuse(problems: ErrorDetail[]): never {
  const first = problems[0];
  throw new AppError('VALIDATION_ERROR', `Annotation refused: ${first.field ? `${first.field}: ` : ''}${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}. Nothing was saved.`, problems);
}

/** Annotation writes through the rules of the Labeler API: geometry inside the image, class of the project, task_config rules. */
export function annotationService(store: Store) {
  const imageCache = (ids: Iterable<string>) => {
    const images = new Map<string, Image>();
    for (const id of ids) if (!images.has(id)) images.set(id, store.images.get(id));
    return images;
  };

  return {
    createMany(inputs: AnnotationInput[]): string[] {
      const images = imageCache(inputs.map((a) => a.image_id));
      const projectIds = new Set([...images.values()].map((i) => i.project_id));
      if (projectIds.size !== 1) throw new AppError('VALIDATION_ERROR', 'A batch must hold annotations of one project only. Split it by project.');
      const project = store.projects.get([...projectIds][0]);
      const problems = inputs.flatMap((input, i) => problemsOf(input, images.get(input.image_id)!, project, inputs.length > 1 ? `annotations[${i}].` : ''));
      if (problems.length) refuse(problems);
      return store.annotations.insertMany(project.id, inputs as NewAnnotation[]);
    },
    update(id: string, patch: AnnotationPatch) {
      const current = store.annotations.get(id);
      const image = store.images.get(current.image_id);
      const problems = problemsOf(patch, image, store.projects.get(current.project_id), '');
      if (problems.length) refuse(problems);
      return store.annotations.update(id, patch);
    },
  };
}
