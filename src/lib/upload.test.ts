import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UploadTarget } from '../../contracts/uploads';
import { auth } from '@/test/fixtures';
import { errorBody, mockApi, type MockApi } from '@/test/mock-api';
import { ApiError } from './api-error';
import { sessionStore } from './session-store';
import { uploadFile } from './upload';

const blob = vi.hoisted(() => ({ put: vi.fn() }));
vi.mock('@vercel/blob/client', () => ({ put: blob.put }));

const WID = '0d6f2b1e-4a39-4c5e-9a7b-2f1c3d4e5f60';
const GRANT = `POST /api/workspaces/${WID}/uploads`;
const PATHNAME = `w/${WID}/product-image/abcdefghijklmnopqrstuvwx/lamp.png`;

const target = (over: Partial<UploadTarget> = {}): UploadTarget => ({
  key: 'abcdefghijklmnopqrstuvwx',
  mode: 'local',
  pathname: PATHNAME,
  uploadUrl: '/_blob/upload/payload.signature',
  token: null,
  contentType: 'image/png',
  publicUrl: `http://127.0.0.1:3000/_blob/${PATHNAME}`,
  maxBytes: 5 * 1024 * 1024,
  expiresAt: '2026-05-01T10:10:00.000Z',
  ...over,
});

const png = (bytes = 1_000, name = 'lamp.png', type = 'image/png') => new File([new Uint8Array(bytes)], name, { type });

/** What the storage's PUT receives, answered from `reply` (the API's own client is mocked separately). */
interface StoragePut {
  url: string;
  method: string;
  contentType: string;
  data: unknown;
}
let storagePuts: StoragePut[];
let storageReply: (config: InternalAxiosRequestConfig) => { status: number; body: unknown };
const originalAdapter = axios.defaults.adapter;

const storageAdapter: AxiosAdapter = async (config) => {
  storagePuts.push({
    url: config.url ?? '',
    method: (config.method ?? '').toUpperCase(),
    contentType: String(AxiosHeaders.from(config.headers).get('Content-Type')),
    data: config.data,
  });
  config.onUploadProgress?.({ loaded: 250, total: 1_000, bytes: 250, lengthComputable: true });
  const { status, body } = storageReply(config);
  const response: AxiosResponse = { data: body, status, statusText: String(status), headers: new AxiosHeaders(), config, request: {} };
  if (status >= 400) throw new AxiosError(`Request failed with status code ${status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response);
  return response;
};

let server: MockApi;
beforeEach(() => {
  server = mockApi();
  sessionStore.signIn(auth('token-1'));
  storagePuts = [];
  storageReply = () => ({ status: 200, body: { url: target().publicUrl, pathname: PATHNAME, contentType: 'image/png', size: 1_000 } });
  axios.defaults.adapter = storageAdapter;
  blob.put.mockReset();
});
afterEach(() => {
  server.restore();
  axios.defaults.adapter = originalAdapter;
});

describe('uploadFile', () => {
  it('asks the API for a grant, PUTs the file to the local store with its type, reports progress and answers the URL', async () => {
    server.on(GRANT, { status: 201, body: target() });
    const file = png();
    const progress: number[] = [];

    const uploaded = await uploadFile({ wid: WID, file, purpose: 'product-image', onProgress: (f) => progress.push(f) });

    expect(uploaded).toEqual({ url: target().publicUrl, pathname: PATHNAME });
    expect(server.requests.map((r) => ({ method: r.method, url: r.url, body: r.body, authorization: r.headers.authorization }))).toEqual([
      {
        method: 'POST',
        url: `/api/workspaces/${WID}/uploads`,
        body: { filename: 'lamp.png', contentType: 'image/png', size: 1_000, purpose: 'product-image' },
        authorization: 'Bearer token-1',
      },
    ]);
    expect(storagePuts).toEqual([{ url: '/_blob/upload/payload.signature', method: 'PUT', contentType: 'image/png', data: file }]);
    expect(progress).toEqual([0.25, 1]);
    expect(blob.put).not.toHaveBeenCalled();
  });

  it('with Vercel Blob, puts the file with the granted client token and answers the blob’s URL', async () => {
    const url = `https://store.public.blob.vercel-storage.com/${PATHNAME}`;
    server.on(GRANT, { status: 201, body: target({ mode: 'vercel-blob', uploadUrl: null, token: 'vercel_blob_client_store_abc', publicUrl: null }) });
    blob.put.mockImplementation(
      async (_pathname: string, _file: File, options: { onUploadProgress?: (e: { loaded: number; total: number; percentage: number }) => void }) => {
        options.onUploadProgress?.({ loaded: 500, total: 1_000, percentage: 50 });
        return { url, downloadUrl: `${url}?download=1`, pathname: PATHNAME, contentType: 'image/png', contentDisposition: 'inline' };
      },
    );
    const file = png();
    const progress: number[] = [];

    const uploaded = await uploadFile({ wid: WID, file, purpose: 'product-image', onProgress: (f) => progress.push(f) });

    expect(uploaded).toEqual({ url, pathname: PATHNAME });
    expect(blob.put).toHaveBeenCalledTimes(1);
    expect(blob.put.mock.calls[0]!.slice(0, 2)).toEqual([PATHNAME, file]);
    expect(blob.put.mock.calls[0]![2]).toMatchObject({ access: 'public', token: 'vercel_blob_client_store_abc', contentType: 'image/png' });
    expect(progress).toEqual([0.5, 1]);
    expect(storagePuts).toEqual([]);
  });

  it('refuses a file that breaks its purpose’s rules before asking anything', async () => {
    const tooBig = uploadFile({ wid: WID, file: png(5 * 1024 * 1024 + 1), purpose: 'product-image' });
    await expect(tooBig).rejects.toBeInstanceOf(ApiError);
    await expect(tooBig).rejects.toMatchObject({
      status: 422,
      message: 'An image may be at most 5 MB',
      details: [{ path: 'size', message: 'An image may be at most 5 MB' }],
    });
    await expect(uploadFile({ wid: WID, file: png(10, 'logo.svg', 'image/svg+xml'), purpose: 'product-image' })).rejects.toMatchObject({ status: 422 });
    await expect(uploadFile({ wid: WID, file: png(10, 'page.html', 'text/html'), purpose: 'attachment' })).rejects.toMatchObject({ status: 422 });
    expect(server.requests).toEqual([]);
    expect(storagePuts).toEqual([]);
  });

  it('sends a file the browser has no type for as bytes', async () => {
    server.on(GRANT, (req) => ({ status: 201, body: target({ contentType: (req.body as { contentType: string }).contentType }) }));
    await uploadFile({ wid: WID, file: png(10, 'data.bin', ''), purpose: 'attachment' });
    expect((server.requests[0]!.body as { contentType: string }).contentType).toBe('application/octet-stream');
    expect(storagePuts[0]!.contentType).toBe('application/octet-stream');
  });

  it('throws the API’s refusal, and the store’s', async () => {
    server.on(GRANT, { status: 403, body: errorBody('forbidden', 'Your role does not allow this') });
    await expect(uploadFile({ wid: WID, file: png(), purpose: 'product-image' })).rejects.toMatchObject({ status: 403, code: 'forbidden' });

    server.on(GRANT, { status: 201, body: target() });
    storageReply = () => ({ status: 413, body: errorBody('payload_too_large', 'The file is larger than 5242880 bytes') });
    await expect(uploadFile({ wid: WID, file: png(), purpose: 'product-image' })).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
      message: 'The file is larger than 5242880 bytes',
    });
  });
});
