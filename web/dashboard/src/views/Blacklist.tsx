import type { ViewProps } from '../App';

export function BlacklistView(_props: ViewProps) {
  return <h1>Blacklist</h1>;
}
