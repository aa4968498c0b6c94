/** A keyboard shortcut shown on a button or nav item, e.g. "(F2)". */
export function Kbd({ children }: { children: string }) {
  return <span class="kbd">({children})</span>;
}
