import { createContext, useContext } from 'react';

/** live: changes are pushed; polling: the push connection is down, data refreshes every 30 s. */
export type LiveStatus = 'live' | 'polling' | 'connecting';

export const LiveStatusContext = createContext<LiveStatus>('connecting');

export function useLiveStatus(): LiveStatus {
  return useContext(LiveStatusContext);
}
