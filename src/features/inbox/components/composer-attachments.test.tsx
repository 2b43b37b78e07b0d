import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UploadFileOptions } from '@/lib/upload';
import { Composer } from './composer';

const uploads = vi.hoisted(
  () => [] as { options: UploadFileOptions; resolve: (value: { url: string; pathname: string }) => void; reject: (e: unknown) => void }[],
);
vi.mock('@/lib/upload', () => ({
  uploadFile: (options: UploadFileOptions) =>
    new Promise((resolve, reject) => {
      uploads.push({ options, resolve, reject });
    }),
}));

const WID = '11111111-2222-4333-8444-555555555555';
const pathnameOf = (name: string) => `w/${WID}/attachment/key${'x'.repeat(20)}/${name}`;

/** Finishes the upload of `name` as the storage would. */
async function finish(name: string) {
  const upload = uploads.find((u) => u.options.file.name === name);
  if (!upload) throw new Error(`no upload of ${name}`);
  await act(async () => {
    upload.options.onProgress?.(1);
    upload.resolve({ url: `http://localhost/_blob/${pathnameOf(name)}`, pathname: pathnameOf(name) });
  });
}

/** Waits for `count` uploads to reach the storage, or lets a moment pass. */
const started = (count?: number) =>
  act(async () => {
    if (count === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    else await vi.waitFor(() => expect(uploads).toHaveLength(count));
  });

const png = (name = 'photo.png') => new File([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], name, { type: 'image/png' });
const text = (name = 'notes.txt', body = 'order 1042') => new File([body], name, { type: 'text/plain' });
const fileInput = () => screen.getByTestId('composer-file-input') as HTMLInputElement;
const chips = () => screen.queryAllByTestId('composer-attachment');

let created: string[];
let revoked: string[];
beforeEach(() => {
  uploads.length = 0;
  created = [];
  revoked = [];
  localStorage.clear();
  URL.createObjectURL = vi.fn(() => {
    const url = `blob:preview-${created.length + 1}`;
    created.push(url);
    return url;
  });
  URL.revokeObjectURL = vi.fn((url: string) => void revoked.push(url));
});
afterEach(() => vi.restoreAllMocks());

describe('Composer: attachments', () => {
  it('uploads chosen files at once, shows them as chips with a preview or an icon, and sends them with the text', async () => {
    const onSend = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} wid={WID} />);
    const attach = screen.getByRole('button', { name: 'Attach files' });
    expect(attach).toBeEnabled();

    await user.upload(fileInput(), [png(), text()]);
    await started(2);
    expect(uploads.map((u) => [u.options.wid, u.options.purpose, u.options.file.name])).toEqual([
      [WID, 'attachment', 'photo.png'],
      [WID, 'attachment', 'notes.txt'],
    ]);
    const list = screen.getByRole('list', { name: 'Attachments' });
    const [photo, notes] = within(list).getAllByRole('listitem');
    expect(photo!.querySelector('img')).toHaveAttribute('src', 'blob:preview-1');
    expect(within(photo!).getByText('photo.png')).toBeInTheDocument();
    expect(within(photo!).getByText('7 B')).toBeInTheDocument();
    expect(notes!.querySelector('img')).toBeNull();
    expect(within(notes!).getByText('10 B')).toBeInTheDocument();
    expect(created).toEqual(['blob:preview-1']);

    // Progress shows while it uploads, and Send waits for every upload.
    act(() => uploads[0]!.options.onProgress?.(0.5));
    expect(within(photo!).getByRole('progressbar', { name: 'Uploading photo.png' })).toHaveAttribute('value', '50');
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Here you go');
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await user.keyboard('{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    await finish('photo.png');
    expect(send).toBeDisabled();
    await finish('notes.txt');
    expect(send).toBeEnabled();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();

    await user.click(send);
    expect(onSend).toHaveBeenCalledWith({
      content: 'Here you go',
      private: false,
      attachments: [
        { pathname: pathnameOf('photo.png'), name: 'photo.png', contentType: 'image/png', size: 7 },
        { pathname: pathnameOf('notes.txt'), name: 'notes.txt', contentType: 'text/plain', size: 10 },
      ],
    });
    expect(chips()).toHaveLength(0);
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('');
    await vi.waitFor(() => expect(revoked).toEqual(['blob:preview-1']));
  });

  it('sends files without text, and keeps the files when the send fails', async () => {
    const onSend = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined);
    const user = userEvent.setup();
    render(<Composer onSend={onSend} sending={false} error={null} wid={WID} />);
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await user.upload(fileInput(), text('report.csv'));
    await started(1);
    await finish('report.csv');
    expect(send).toBeEnabled();
    await user.click(send);
    expect(onSend).toHaveBeenLastCalledWith({
      content: '',
      private: false,
      attachments: [{ pathname: pathnameOf('report.csv'), name: 'report.csv', contentType: 'text/plain', size: 10 }],
    });
    // The failed send brings the file back, and the next one sends it.
    await vi.waitFor(() => expect(chips()).toHaveLength(1));
    await user.click(send);
    expect(onSend).toHaveBeenCalledTimes(2);
    expect(chips()).toHaveLength(0);
  });

  it('attaches files pasted into the message box, and leaves pasted text alone', async () => {
    const user = userEvent.setup();
    render(<Composer onSend={vi.fn(() => Promise.resolve())} sending={false} error={null} wid={WID} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    const screenshot = png('image.png');
    fireEvent.paste(box, { clipboardData: { files: [screenshot], items: [], types: ['Files'] } });
    await started(1);
    expect(uploads.map((u) => u.options.file)).toEqual([screenshot]);
    expect(chips()).toHaveLength(1);
    expect(within(chips()[0]!).getByText('image.png')).toBeInTheDocument();

    await user.click(box);
    await user.paste('just words');
    expect(box).toHaveValue('just words');
    expect(uploads).toHaveLength(1);
  });

  it('attaches files dropped on the conversation, showing a drop zone while they are dragged over it', async () => {
    render(
      <section data-testid="conversation">
        <div>thread</div>
        <Composer onSend={vi.fn(() => Promise.resolve())} sending={false} error={null} wid={WID} />
      </section>,
    );
    const area = screen.getByTestId('conversation');
    const file = text('dropped.txt');
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    fireEvent.dragEnter(area, { dataTransfer });
    expect(screen.getByTestId('composer-drop-zone')).toHaveTextContent('Drop files to attach them');
    fireEvent.dragOver(area, { dataTransfer });
    fireEvent.drop(area, { dataTransfer });
    expect(screen.queryByTestId('composer-drop-zone')).not.toBeInTheDocument();
    await started(1);
    expect(uploads.map((u) => u.options.file)).toEqual([file]);
    // Dragging text is no file drop.
    fireEvent.dragEnter(area, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.queryByTestId('composer-drop-zone')).not.toBeInTheDocument();
  });

  it('refuses a file that is too large or of a refused type before uploading it, saying why', async () => {
    const user = userEvent.setup({ applyAccept: false });
    render(<Composer onSend={vi.fn(() => Promise.resolve())} sending={false} error={null} wid={WID} />);
    const huge = new File(['x'], 'video.mp4', { type: 'video/mp4' });
    Object.defineProperty(huge, 'size', { value: 25 * 1024 * 1024 + 1 });
    const page = new File(['<html></html>'], 'invoice.html', { type: 'text/html' });
    await user.upload(fileInput(), [huge, page]);
    await started();
    expect(uploads).toHaveLength(0);
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(['A file may be at most 25 MB', 'Web pages, SVG and XML files, scripts and programs cannot be attached']);
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(screen.getByText('Remove the files that cannot be attached to send')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove video.mp4' }));
    await user.click(screen.getByRole('button', { name: 'Remove invoice.html' }));
    expect(chips()).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Send' })).toBeEnabled();
  });

  it('shows why an upload failed, and removing a file stops its upload and frees its preview', async () => {
    const user = userEvent.setup();
    render(<Composer onSend={vi.fn(() => Promise.resolve())} sending={false} error={null} wid={WID} />);
    await user.upload(fileInput(), [png(), text()]);
    await started(2);
    const { ApiError } = await import('@/lib/api-error');
    await act(async () => uploads[1]!.reject(new ApiError(503, 'unavailable', 'File uploads are not set up on this deployment')));
    expect(screen.getByRole('alert')).toHaveTextContent('File uploads are not set up on this deployment');

    await user.click(screen.getByRole('button', { name: 'Remove photo.png' }));
    expect(uploads[0]!.options.signal?.aborted).toBe(true);
    expect(revoked).toEqual(['blob:preview-1']);
    expect(chips().map((c) => c.textContent)).toEqual([expect.stringContaining('notes.txt')]);
  });

  it('takes at most 10 files per message', async () => {
    const user = userEvent.setup();
    render(<Composer onSend={vi.fn(() => Promise.resolve())} sending={false} error={null} wid={WID} />);
    await user.upload(
      fileInput(),
      Array.from({ length: 11 }, (_, i) => text(`f${i}.txt`)),
    );
    await started(10);
    await started();
    expect(uploads).toHaveLength(10);
    expect(screen.getByRole('alert')).toHaveTextContent('Attach at most 10 files to a message');
  });
});
