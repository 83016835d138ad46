import { useState, type DragEvent } from 'react';
import { useAppStore } from '../state/store';
import { filesFromDrop, filesFromInput } from './fileEntries';

/** Drop zone, folder picker, plain multi-file picker and the sample button. */
export function StudyLoader() {
  const loadFiles = useAppStore((s) => s.loadFiles);
  const loadSample = useAppStore((s) => s.loadSample);
  const busy = useAppStore((s) => s.busy);
  const [dragging, setDragging] = useState(false);

  const onDrop = async (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const files = await filesFromDrop(event.dataTransfer);
    if (files.length > 0) void loadFiles(files, 'the dropped items');
  };

  return (
    <div
      className={dragging ? 'dropzone dragging' : 'dropzone'}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p>Drop a DICOM study folder here, or</p>
      <div className="pickers">
        <label className="picker">
          Study folder
          <input
            type="file"
            aria-label="Study folder"
            // Non-standard but universally supported folder selection.
            {...{ webkitdirectory: '', directory: '' }}
            multiple
            disabled={busy}
            onChange={(e) => {
              const files = filesFromInput(e.currentTarget.files);
              e.currentTarget.value = '';
              if (files.length > 0) void loadFiles(files, 'the chosen folder');
            }}
          />
        </label>
        <label className="picker">
          DICOM files
          <input
            type="file"
            aria-label="DICOM files"
            multiple
            disabled={busy}
            onChange={(e) => {
              const files = filesFromInput(e.currentTarget.files);
              e.currentTarget.value = '';
              if (files.length > 0) void loadFiles(files, 'the chosen files');
            }}
          />
        </label>
        <button type="button" onClick={() => void loadSample()} disabled={busy}>
          Load sample series
        </button>
      </div>
    </div>
  );
}
