/** About: the app's version, where its key store is, and the platform (main's `app:info`). */
import { PathText } from '../../components/PathText.tsx';
import { useEffect, useState } from 'react';
import { useApi } from '../../app/stores-context.tsx';
import { Panel } from '../../components/Panel.tsx';
import type { AppInfo } from '../../../common/app-info.ts';

export function AboutPanel() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void api.app.info().then((result) => result.ok && setInfo(result.data));
  }, [api]);

  return (
    <Panel id="about" title="About">
      {info && (
        <dl className="about-list">
          <dt>Version</dt>
          <dd>Keydesk {info.version}</dd>
          <dt>Key store</dt>
          <dd>
            <PathText path={info.database} />
          </dd>
          <dt>Platform</dt>
          <dd>{info.platform}</dd>
        </dl>
      )}
    </Panel>
  );
}
