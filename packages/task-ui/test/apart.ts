import { act } from '@testing-library/react';

/**
 * Lets more time pass than the live region's "said together" window (src/announcer.tsx): what is
 * announced after it replaces the region's sentences instead of joining them, as a state change
 * seconds after the last one does in an app.
 */
export const apart = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 150)));
