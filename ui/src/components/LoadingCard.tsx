import { Banner } from "./Banner";
import { S } from "../strings";

interface Props {
  id: string;
  title: string;
  /** why the setting could not be read, if it could not */
  banner: string | null;
  bannerId: string;
}

/** A settings card before its setting is read: no control yet, since one touched before the
 * answer came would be overwritten by it. */
export function LoadingCard({ id, title, banner, bannerId }: Props) {
  return (
    <section class="card" id={id}>
      <h2>{title}</h2>
      <Banner message={banner} id={bannerId} />
      {banner === null && <p class="muted">{S.loading}</p>}
    </section>
  );
}
