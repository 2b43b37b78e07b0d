// Uploads a file from the browser in two steps: the API grants one upload (`uploads.createUpload`), then the file
// goes straight to the storage, never through a function (they take at most 4.5 MB): to Vercel Blob with the
// granted client token (`put` from @vercel/blob/client, loaded only when used), or to the local runtime's store
// with a PUT to the signed URL. Either way the answer is the file's public URL, e.g. a product's imageUrl.
import axios, { AxiosError } from 'axios';
import { uploadRefusal, type UploadPurpose, type UploadTarget } from '../../contracts/uploads';
import { call } from './api-client';
import { ApiError, apiErrorFrom } from './api-error';

export interface UploadFileOptions {
  wid: string;
  file: File;
  purpose: UploadPurpose;
  /** Called as the file is sent, with the share sent so far (0 to 1). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface UploadedFile {
  url: string;
  pathname: string;
}

/** The type to send: the browser's, without parameters; an unknown type is sent as bytes. */
function contentTypeOf(file: File): string {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  return type || 'application/octet-stream';
}

/**
 * Uploads `file` for `purpose` in workspace `wid` and answers its URL. Throws an ApiError: 422 with the field's
 * message when the file breaks its purpose's rules (checked here first, then by the server), or what the API or
 * the storage answered.
 */
export async function uploadFile({ wid, file, purpose, onProgress, signal }: UploadFileOptions): Promise<UploadedFile> {
  const contentType = contentTypeOf(file);
  const refusal = uploadRefusal({ purpose, filename: file.name, contentType, size: file.size });
  if (refusal) throw new ApiError(422, 'validation_failed', refusal.message, [refusal]);

  const target = await call('uploads.createUpload', {
    params: { wid },
    body: { filename: file.name, contentType, size: file.size, purpose },
    signal,
  });
  const uploaded = target.mode === 'vercel-blob' ? await toVercelBlob(target, file, onProgress, signal) : await toLocalStore(target, file, onProgress, signal);
  onProgress?.(1);
  return uploaded;
}

async function toVercelBlob(target: UploadTarget, file: File, onProgress: UploadFileOptions['onProgress'], signal?: AbortSignal): Promise<UploadedFile> {
  if (!target.token) throw new ApiError(500, 'internal_error', 'The server granted no upload token');
  const { put } = await import('@vercel/blob/client');
  try {
    const blob = await put(target.pathname, file, {
      access: 'public',
      token: target.token,
      contentType: target.contentType,
      abortSignal: signal,
      onUploadProgress: onProgress ? ({ loaded, total }) => onProgress(total > 0 ? loaded / total : 0) : undefined,
    });
    return { url: blob.url, pathname: blob.pathname };
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(502, 'unavailable', `The file could not be stored: ${(error as Error).message}`);
  }
}

async function toLocalStore(target: UploadTarget, file: File, onProgress: UploadFileOptions['onProgress'], signal?: AbortSignal): Promise<UploadedFile> {
  if (!target.uploadUrl) throw new ApiError(500, 'internal_error', 'The server granted no upload address');
  try {
    // Not the API client: the signed URL is the credential, and a refused upload is not a reason to refresh.
    const response = await axios.put<{ url: string; pathname: string }>(target.uploadUrl, file, {
      headers: { 'Content-Type': target.contentType },
      signal,
      onUploadProgress: onProgress ? ({ loaded, total }) => onProgress(total ? loaded / total : 0) : undefined,
    });
    return { url: response.data.url, pathname: response.data.pathname };
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof AxiosError) throw apiErrorFrom(error.response?.status ?? 0, error.response?.data);
    throw error;
  }
}
