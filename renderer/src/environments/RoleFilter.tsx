import { useId } from 'react';

type Props = { roles: string[]; value: string | null; onChange: (role: string | null) => void };

/** Narrows the list to one role of the team profile ("what does a payments engineer need?"). */
export function RoleFilter({ roles, value, onChange }: Props) {
  const id = useId();
  return (
    <div className="role-filter">
      <label htmlFor={id}>Role</label>
      <select id={id} className="select" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
        <option value="">All environments</option>
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </div>
  );
}
