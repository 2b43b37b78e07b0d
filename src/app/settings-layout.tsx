// `/w/:wid/settings/*`: the workspace settings' tab bar above the open tab. General is the settings index page;
// the other tabs are the features' `settings` routes that declare a tab (src/lib/feature.ts), for the roles that
// may see them.
import { NavLink, Outlet, useParams } from 'react-router';
import { cx } from '@/lib/cx';
import type { FeatureManifest } from '@/lib/feature';
import { useWorkspaceRole } from '@/lib/workspace';
import { settingsTabsFor } from './compose-features';
import { features as allFeatures } from './features';

const tabClass = ({ isActive }: { isActive: boolean }) =>
  cx(
    '-mb-px inline-flex h-9 items-center border-b-2 px-3 text-sm whitespace-nowrap',
    isActive ? 'border-accent font-medium text-fg' : 'border-transparent text-muted hover:border-border-strong hover:text-fg',
  );

export function SettingsLayout({ features = allFeatures }: { features?: readonly FeatureManifest[] }) {
  const { wid = '' } = useParams();
  const role = useWorkspaceRole(wid);
  const base = `/w/${wid}/settings`;
  return (
    <>
      <nav aria-label="Settings sections" className="mb-5 flex max-w-4xl gap-1 overflow-x-auto border-b border-border">
        <NavLink to={base} end className={tabClass}>
          General
        </NavLink>
        {settingsTabsFor(features, role).map((tab) => (
          <NavLink key={tab.key} to={`${base}/${tab.path}`} className={tabClass}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </>
  );
}
