/** A filter drop-down: a labelled Select whose first option ("Alla …", value '') means no filter. */
import { Field, Select } from '@fluentui/react-components';

export interface FilterSelectProps {
  label: string;
  /** The text of the no-filter option. */
  all: string;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
}

export function FilterSelect({ label, all, value, onChange, options }: FilterSelectProps) {
  return (
    <Field label={label}>
      <Select value={value} onChange={(_e, d) => onChange(d.value)}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
