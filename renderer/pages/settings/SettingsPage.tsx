/** The Settings page: general preferences, the local API switch, what reviews judge by, backups of the store, and about. */
import { useSettings } from '../../app/stores-context.tsx';
import { AboutPanel } from './AboutPanel.tsx';
import { BackupsPanel } from './BackupsPanel.tsx';
import { GeneralPanel } from './GeneralPanel.tsx';
import { LocalApiPanel } from './LocalApiPanel.tsx';
import { ReviewsPanel } from './ReviewsPanel.tsx';
import { ScrollPage } from '../../components/ScrollPage.tsx';
import '../pages.css';

interface Props {
  readonly inert: boolean;
  /** Whether a dialog of this page is open, so the app makes everything behind it inert. */
  readonly onDialog: (open: boolean) => void;
}

export function SettingsPage({ inert, onDialog }: Props) {
  const settings = useSettings((state) => state.settings);
  return (
    <ScrollPage id="settings" title="Settings" inert={inert} meta="Kept in Keydesk's settings file on this computer, apart from the key store.">
      {settings && (
        <div className="panels">
          <GeneralPanel settings={settings} />
          <LocalApiPanel settings={settings} />
          <ReviewsPanel settings={settings} />
          <BackupsPanel onDialog={onDialog} />
          <AboutPanel />
        </div>
      )}
    </ScrollPage>
  );
}
