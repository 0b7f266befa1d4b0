import { ROLES, type Role } from '../../../src-shared/qa/entities';

/** The select of a person's role (admin, reviewer or annotator). */
export function RoleSelect({ value, onChange, testId, disabled }: { value: Role; onChange(role: Role): void; testId: string; disabled?: boolean }) {
  return (
    <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}
