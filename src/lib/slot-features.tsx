// The features whose panels fill slots (src/lib/slots.tsx), given once by the shell. Kept apart from the slots
// themselves so the first page load carries only this context, not the code that renders panels.
import { createContext, useContext, type ReactNode } from 'react';
import type { FeatureManifest } from './feature';

const SlotFeatures = createContext<readonly FeatureManifest[]>([]);

/** Fills the slots below it from `features` (the shell's list, or a test's). */
export function SlotProvider({ features, children }: { features: readonly FeatureManifest[]; children: ReactNode }) {
  return <SlotFeatures.Provider value={features}>{children}</SlotFeatures.Provider>;
}

export const useSlotFeatures = () => useContext(SlotFeatures);
