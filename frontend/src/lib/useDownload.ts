import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../api/client.ts';

/** A CSV export button's state: `download.mutate({ path, filename })`, isPending, error. */
export function useDownload() {
  return useMutation({ mutationFn: ({ path, filename }: { path: string; filename: string }) => downloadFile(path, filename) });
}
