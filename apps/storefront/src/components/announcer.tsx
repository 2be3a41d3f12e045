import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

const AnnounceContext = createContext<(message: string) => void>(() => undefined);

/**
 * One polite live region for the whole shop: "Added Headlamp 400 lm to your cart" is read out by a
 * screen reader without moving focus. The same message twice is announced twice.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState({ text: '', count: 0 });
  const announce = useCallback((text: string) => {
    setMessage((previous) => ({ text, count: previous.count + 1 }));
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnounceContext.Provider value={value}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
        <span key={message.count}>{message.text}</span>
      </div>
    </AnnounceContext.Provider>
  );
}

/** Says something to screen-reader users (and shows it to nobody else). */
export const useAnnounce = (): ((message: string) => void) => useContext(AnnounceContext);
