// Slots: places in a page where other features' panels render (FeatureManifest.panels), so a page offers room
// without importing the features that fill it (the inbox's conversation panel shows orders without knowing
// about orders). The shell puts its feature list in a SlotProvider (src/app/app.tsx); without one a slot is
// empty. Each panel loads lazily and fails alone: a broken panel never takes the page down.
import { Component, Suspense, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { Spinner } from '@/components/spinner';
import type { FeatureManifest, FeaturePanel, SlotName, SlotProps } from './feature';
import { useSlotFeatures } from './slot-features';

export type SlotPanel<S extends SlotName> = Extract<FeaturePanel, { slot: S }> & {
  /** Unique among the slot's panels: the feature id and the panel's place in its manifest (React's key). */
  key: string;
};

/** The panels features put in one slot (<Slot> renders them), in order. */
export function panelsFor<S extends SlotName>(features: readonly FeatureManifest[], slot: S): SlotPanel<S>[] {
  return features
    .flatMap((feature) => (feature.panels ?? []).map((panel, index) => ({ ...panel, key: `${feature.id}:${index}` })))
    .filter((panel): panel is SlotPanel<S> => panel.slot === slot)
    .sort((a, b) => a.order - b.order);
}

export { SlotProvider } from './slot-features';

class PanelBoundary extends Component<{ children: ReactNode; name: string }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`[slots] a panel of ${this.props.name} failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.failed) return <p className="px-4 py-3 text-xs text-muted">This section could not be shown. Reload the page to try again.</p>;
    return this.props.children;
  }
}

/** Renders every panel that features put in slot `name`, in order, each given `props`. */
export function Slot<S extends SlotName>({ name, props }: { name: S; props: SlotProps[S] }) {
  const features = useSlotFeatures();
  return (
    <>
      {panelsFor(features, name).map(({ key, component }) => {
        const Panel = component as ComponentType<SlotProps[S]>;
        return (
          <PanelBoundary key={key} name={key}>
            <Suspense fallback={<Spinner label="Loading" className="px-4 py-3" />}>
              <Panel {...props} />
            </Suspense>
          </PanelBoundary>
        );
      })}
    </>
  );
}
