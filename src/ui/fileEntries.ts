/**
 * Turning a drop or a file input into a flat list of files. A dropped folder is
 * walked through its FileSystemEntry tree (readEntries returns at most ~100
 * entries per call, so it is called until it returns none).
 */
import type { SeriesFile } from '../workers/engine';

export function filesFromInput(list: FileList | null): SeriesFile[] {
  if (!list) return [];
  return Array.from(list, (file) => ({ name: file.webkitRelativePath || file.name, blob: file }));
}

export async function filesFromDrop(transfer: DataTransfer): Promise<SeriesFile[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(transfer.items)) {
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) return filesFromInput(transfer.files);
  const out: SeriesFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: SeriesFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ name: entry.fullPath.replace(/^\//, ''), blob: file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}
