import { useId, type ReactNode } from 'react';
import type { FieldIssues } from './field-issues';

/** The attributes a control needs to be labelled and to carry its errors to screen readers. */
export interface ControlProps {
  readonly id: string;
  readonly 'aria-invalid': boolean;
  readonly 'aria-describedby': string | undefined;
}

/**
 * One labelled form control with its hint and the engine's issues for it, right under it. The
 * issues are the control's accessible description, so they are read out with it.
 */
export function FormField({
  field,
  label,
  hint,
  issues,
  children,
}: {
  field: string;
  label: string;
  hint?: string;
  issues: FieldIssues;
  children: (props: ControlProps) => ReactNode;
}) {
  const id = useId();
  const messages = issues.fields[field] ?? [];
  const describedBy = [messages.length ? `${id}-error` : '', hint ? `${id}-hint` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`} data-field={field}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': messages.length > 0,
        'aria-describedby': describedBy || undefined,
      })}
      {messages.length > 0 && (
        <p className="field-error" id={`${id}-error`} data-testid={`error-${field}`}>
          {messages.join('; ')}
        </p>
      )}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** What a number field holds: undefined when empty, so the engine can say "is required". */
export function parseNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** Issues of the edit that belong to no field, listed at the top of the form. */
export function OtherIssues({ issues }: { issues: FieldIssues }) {
  if (issues.other.length === 0) return null;
  return (
    <div className="notice notice-danger" role="alert">
      <p className="notice-title">This change was not applied:</p>
      <ul className="issue-list">
        {issues.other.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A FormField holding a number input; the text goes to `onChange` as typed (see parseNumber). */
export function NumberField({
  value,
  onChange,
  min,
  max,
  placeholder,
  ...field
}: {
  field: string;
  label: string;
  hint?: string;
  issues: FieldIssues;
  value: string;
  onChange: (text: string) => void;
  min?: number;
  max?: number;
  placeholder?: string;
}) {
  return (
    <FormField {...field}>
      {(props) => (
        <input
          {...props}
          type="number"
          min={min}
          max={max}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FormField>
  );
}
