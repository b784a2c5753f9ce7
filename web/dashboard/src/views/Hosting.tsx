import type { ViewProps } from '../App';

export function HostingView(_props: ViewProps) {
  return <h1>Hosting</h1>;
}
