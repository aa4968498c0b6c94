import type { ComponentChildren } from "preact";

interface Props {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ComponentChildren;
}

/** A checkbox with its label (the whole line is clickable). */
export function Check({ id, checked, onChange, children }: Props) {
  return (
    <label class="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      {children}
    </label>
  );
}
