import { attributeSchema, type AttributeDef, type Project } from '../../../src-shared/contract/entities';
import type { ProjectConfig } from './editor-state';

/**
 * The editor's view of a project. Attributes come from `project.attributes` and, as the API's
 * "Create Project" example puts them, from `task_config.detection.attributes`; a name in both
 * is taken once, from the project.
 */
export function projectConfig(project: Project): ProjectConfig {
  const detection = project.task_config.detection as { attributes?: unknown } | undefined;
  const fromTask = Array.isArray(detection?.attributes) ? detection.attributes.flatMap((a) => (attributeSchema.safeParse(a).success ? [attributeSchema.parse(a)] : [])) : [];
  const names = new Set(project.attributes.map((a) => a.name));
  const attributes: AttributeDef[] = [...project.attributes, ...fromTask.filter((a) => !names.has(a.name))];
  return { classes: project.classes, attributes, taskTypes: project.task_types, taskConfig: project.task_config };
}
